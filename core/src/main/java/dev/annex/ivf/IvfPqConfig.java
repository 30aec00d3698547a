package dev.annex.ivf;

/**
 * How an IVF-PQ index is trained and what it keeps.
 *
 * @param nlist          inverted lists (coarse centroids). More lists make each scan shorter but need
 *                       more probes for the same recall; about {@code 4·sqrt(n)} to {@code 16·sqrt(n)} is usual.
 * @param subspaces      m: bytes per vector code; must divide the dimension. More bytes, better distances.
 * @param rerankFactor   0 keeps only codes (m + 8 bytes per vector); otherwise full vectors are kept as
 *                       well and searches re-score {@code k × rerankFactor} candidates exactly by default
 * @param seed           seeds k-means for the coarse quantizer and the product quantizer
 * @param threads        threads used for training and batch adds
 * @param iterations     Lloyd iterations of each k-means
 */
public record IvfPqConfig(int nlist, int subspaces, int rerankFactor, long seed, int threads, int iterations) {

    public IvfPqConfig {
        if (nlist <= 0) {
            throw new IllegalArgumentException("nlist must be > 0, got " + nlist);
        }
        if (subspaces <= 0) {
            throw new IllegalArgumentException("m (PQ sub-quantizers) must be > 0, got " + subspaces);
        }
        if (rerankFactor < 0) {
            throw new IllegalArgumentException("rerankFactor must be >= 0, got " + rerankFactor);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
    }

    /** {@code nlist} lists, {@code m}-byte codes, no stored vectors, seed 42, two threads, 10 iterations. */
    public static IvfPqConfig of(int nlist, int subspaces) {
        return new IvfPqConfig(nlist, subspaces, 0, 42L, 2, 10);
    }

    public IvfPqConfig withRerankFactor(int factor) {
        return new IvfPqConfig(nlist, subspaces, factor, seed, threads, iterations);
    }

    public IvfPqConfig withSeed(long newSeed) {
        return new IvfPqConfig(nlist, subspaces, rerankFactor, newSeed, threads, iterations);
    }

    public IvfPqConfig withThreads(int newThreads) {
        return new IvfPqConfig(nlist, subspaces, rerankFactor, seed, newThreads, iterations);
    }

    public IvfPqConfig withIterations(int newIterations) {
        return new IvfPqConfig(nlist, subspaces, rerankFactor, seed, threads, newIterations);
    }

    /** Whether full vectors are kept for re-ranking. */
    public boolean keepsVectors() {
        return rerankFactor > 0;
    }
}
