package dev.annex.bench.engine;

/**
 * Build and search parameters of a sweep; each engine reads those that apply to it. The graph
 * engines (Annex HNSW, jvector, Lucene) share {@code m}, {@code efConstruction} and the
 * {@code efSearch} sweep, mapped as docs/benchmarks.md describes.
 *
 * @param threads        build threads
 * @param m              HNSW links per node on the upper layers (twice that on the base layer)
 * @param efConstruction candidate list size while building a graph
 * @param efSearch       candidate list sizes to sweep while searching a graph
 * @param nlist          IVF inverted lists
 * @param pqSubspaces    PQ sub-quantizers (one byte each, or 4 bits with fast scan)
 * @param nprobe         IVF lists probed, to sweep
 * @param rerank         IVF-PQ re-rank factors to sweep (0: codes only)
 * @param seed           random seed of every build that draws random numbers
 * @param trainRows      the base rows IVF-PQ trains on, or null for all of them
 */
public record EngineSettings(int threads, int m, int efConstruction, int[] efSearch, int nlist, int pqSubspaces,
                             int[] nprobe, int[] rerank, long seed, int[] trainRows) {

    /** Settings that train IVF-PQ on every base row. */
    public EngineSettings(int threads, int m, int efConstruction, int[] efSearch, int nlist, int pqSubspaces, int[] nprobe,
                          int[] rerank, long seed) {
        this(threads, m, efConstruction, efSearch, nlist, pqSubspaces, nprobe, rerank, seed, null);
    }

    /** The training vectors: the rows of {@link #trainRows} of {@code base}, or all of it. */
    public float[][] trainingSample(float[][] base) {
        if (trainRows == null) {
            return base;
        }
        float[][] sample = new float[trainRows.length][];
        for (int i = 0; i < trainRows.length; i++) {
            if (trainRows[i] < 0 || trainRows[i] >= base.length) {
                throw new dev.annex.bench.BenchmarkException("training row " + trainRows[i] + " is outside the " + base.length
                        + " base vectors");
            }
            sample[i] = base[trainRows[i]];
        }
        return sample;
    }

    /** The candidate list size to search with at sweep value {@code ef} for {@code k} results: never below k. */
    public static int beamWidth(int ef, int k) {
        return Math.max(ef, k);
    }
}
