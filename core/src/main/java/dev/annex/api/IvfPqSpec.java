package dev.annex.api;

/**
 * How an IVF-PQ index is trained and what it keeps:
 * {@code IVF<nlist>,PQ<m>x8[,Rerank<factor>][,seed<N>][,threads<N>][,iter<N>]}.
 *
 * @param nlist          inverted lists (coarse centroids). More lists make each scan shorter but need
 *                       more probes for the same recall; about {@code 4·sqrt(n)} to {@code 16·sqrt(n)} is usual.
 * @param subspaces      m: bytes per vector code; must divide the dimension. More bytes, better distances.
 * @param rerankFactor   0 keeps only codes (m + 8 bytes per vector); otherwise full vectors are kept as
 *                       well and searches re-score {@code k × rerankFactor} candidates exactly unless a
 *                       search says otherwise
 * @param seed           seeds k-means for the coarse quantizer and the product quantizer
 * @param threads        threads used for training and batch adds
 * @param iterations     Lloyd iterations of each k-means
 */
public record IvfPqSpec(int nlist, int subspaces, int rerankFactor, long seed, int threads, int iterations)
        implements IndexSpec {

    public static final int MAX_NLIST = 1 << 20;
    public static final int MAX_SUBSPACES = 4096;
    public static final int MAX_RERANK_FACTOR = 1000;
    public static final int MAX_ITERATIONS = 1000;

    public IvfPqSpec {
        IndexSpec.checkRange("nlist", nlist, 1, MAX_NLIST);
        IndexSpec.checkRange("m (PQ sub-quantizers)", subspaces, 1, MAX_SUBSPACES);
        IndexSpec.checkRange("rerank factor", rerankFactor, 0, MAX_RERANK_FACTOR);
        IndexSpec.checkRange("threads", threads, 1, MAX_THREADS);
        IndexSpec.checkRange("iterations", iterations, 1, MAX_ITERATIONS);
    }

    /** {@code nlist} lists, {@code m}-byte codes, no stored vectors, seed 42, two threads, 10 iterations. */
    public static IvfPqSpec of(int nlist, int subspaces) {
        return new IvfPqSpec(nlist, subspaces, 0, 42L, 2, 10);
    }

    static IvfPqSpec parseSettings(int nlist, int subspaces, FactorySettings settings) {
        IvfPqSpec defaults = of(1, 1);
        return new IvfPqSpec(nlist, subspaces, settings.intValue("rerank", 0), settings.longValue("seed", defaults.seed()),
                settings.intValue("threads", defaults.threads()), settings.intValue("iter", defaults.iterations()));
    }

    public IvfPqSpec withRerankFactor(int factor) {
        return new IvfPqSpec(nlist, subspaces, factor, seed, threads, iterations);
    }

    public IvfPqSpec withSeed(long newSeed) {
        return new IvfPqSpec(nlist, subspaces, rerankFactor, newSeed, threads, iterations);
    }

    public IvfPqSpec withThreads(int newThreads) {
        return new IvfPqSpec(nlist, subspaces, rerankFactor, seed, newThreads, iterations);
    }

    public IvfPqSpec withIterations(int newIterations) {
        return new IvfPqSpec(nlist, subspaces, rerankFactor, seed, threads, newIterations);
    }

    /** Whether full vectors are kept for re-ranking. */
    public boolean keepsVectors() {
        return rerankFactor > 0;
    }

    @Override
    public String toString() {
        return "IVF" + nlist + ",PQ" + subspaces + "x8" + (rerankFactor > 0 ? ",Rerank" + rerankFactor : "")
                + ",seed" + seed + ",threads" + threads + ",iter" + iterations;
    }
}
