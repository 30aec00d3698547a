package dev.annex.api;

/**
 * How an IVF-PQ index is trained and what it keeps:
 * {@code IVF<nlist>,PQ<m>x8|PQ<m>x4fs[,Rerank<factor>][,seed<N>][,threads<N>][,iter<N>]}.
 * {@code x8} codes are one byte per sub-quantizer (256 centroids each), scored with float
 * tables; {@code x4fs} ("fast scan") codes are 4 bits (16 centroids), packed in blocks of 32
 * vectors and scored 16 vectors per in-register table lookup with tables quantized to bytes:
 * about twice as many sub-quantizers fit the same bytes and scan several times faster, at a
 * coarser distance estimate that a re-ranking stage repairs.
 *
 * @param nlist          inverted lists (coarse centroids). More lists make each scan shorter but need
 *                       more probes for the same recall; about {@code 4·sqrt(n)} to {@code 16·sqrt(n)} is usual.
 * @param subspaces      m: sub-quantizers, one code each; must divide the dimension. More codes, better distances.
 * @param codeBits       bits per sub-quantizer code: 8, or 4 for fast scan
 * @param rerankFactor   0 keeps only codes (m + 8 bytes per vector); otherwise full vectors are kept as
 *                       well and searches re-score {@code k × rerankFactor} candidates exactly unless a
 *                       search says otherwise
 * @param seed           seeds k-means for the coarse quantizer and the product quantizer
 * @param threads        threads used for training and batch adds
 * @param iterations     Lloyd iterations of each k-means
 */
public record IvfPqSpec(int nlist, int subspaces, int codeBits, int rerankFactor, long seed, int threads, int iterations)
        implements IndexSpec {

    public static final int MAX_NLIST = 1 << 20;
    public static final int MAX_SUBSPACES = 4096;
    public static final int MAX_RERANK_FACTOR = 1000;
    public static final int MAX_ITERATIONS = 1000;

    public IvfPqSpec {
        IndexSpec.checkRange("nlist", nlist, 1, MAX_NLIST);
        IndexSpec.checkRange("m (PQ sub-quantizers)", subspaces, 1, MAX_SUBSPACES);
        if (codeBits != 8 && codeBits != 4) {
            throw new IllegalArgumentException("PQ code bits must be 8 (PQ<m>x8) or 4 (PQ<m>x4fs), got " + codeBits);
        }
        IndexSpec.checkRange("rerank factor", rerankFactor, 0, MAX_RERANK_FACTOR);
        IndexSpec.checkRange("threads", threads, 1, MAX_THREADS);
        IndexSpec.checkRange("iterations", iterations, 1, MAX_ITERATIONS);
    }

    /** {@code nlist} lists, {@code m} 8-bit codes, no stored vectors, seed 42, two threads, 10 iterations. */
    public static IvfPqSpec of(int nlist, int subspaces) {
        return new IvfPqSpec(nlist, subspaces, 8, 0, 42L, 2, 10);
    }

    static IvfPqSpec parseSettings(int nlist, int subspaces, int codeBits, FactorySettings settings) {
        IvfPqSpec defaults = of(1, 1);
        return new IvfPqSpec(nlist, subspaces, codeBits, settings.intValue("rerank", 0), settings.longValue("seed", defaults.seed()),
                settings.intValue("threads", defaults.threads()), settings.intValue("iter", defaults.iterations()));
    }

    /** This spec with 4-bit fast-scan codes ({@code PQ<m>x4fs}). */
    public IvfPqSpec withFastScan() {
        return new IvfPqSpec(nlist, subspaces, 4, rerankFactor, seed, threads, iterations);
    }

    public IvfPqSpec withRerankFactor(int factor) {
        return new IvfPqSpec(nlist, subspaces, codeBits, factor, seed, threads, iterations);
    }

    public IvfPqSpec withSeed(long newSeed) {
        return new IvfPqSpec(nlist, subspaces, codeBits, rerankFactor, newSeed, threads, iterations);
    }

    public IvfPqSpec withThreads(int newThreads) {
        return new IvfPqSpec(nlist, subspaces, codeBits, rerankFactor, seed, newThreads, iterations);
    }

    public IvfPqSpec withIterations(int newIterations) {
        return new IvfPqSpec(nlist, subspaces, codeBits, rerankFactor, seed, threads, newIterations);
    }

    /** Whether codes are 4-bit and scanned in blocks ({@code PQ<m>x4fs}). */
    public boolean fastScan() {
        return codeBits == 4;
    }

    /** The PQ part of the factory string: {@code PQ<m>x8} or {@code PQ<m>x4fs}. */
    public String codesName() {
        return "PQ" + subspaces + (fastScan() ? "x4fs" : "x8");
    }

    /** Whether full vectors are kept for re-ranking. */
    public boolean keepsVectors() {
        return rerankFactor > 0;
    }

    @Override
    public String toString() {
        return "IVF" + nlist + "," + codesName() + (rerankFactor > 0 ? ",Rerank" + rerankFactor : "")
                + ",seed" + seed + ",threads" + threads + ",iter" + iterations;
    }
}
