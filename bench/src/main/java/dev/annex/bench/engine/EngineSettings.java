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
 * @param pqSubspaces    PQ sub-quantizers (one byte each)
 * @param nprobe         IVF lists probed, to sweep
 * @param rerank         IVF-PQ re-rank factors to sweep (0: codes only)
 * @param seed           random seed of every build that draws random numbers
 */
public record EngineSettings(int threads, int m, int efConstruction, int[] efSearch, int nlist, int pqSubspaces,
                             int[] nprobe, int[] rerank, long seed) {

    /** The candidate list size to search with at sweep value {@code ef} for {@code k} results: never below k. */
    public static int beamWidth(int ef, int k) {
        return Math.max(ef, k);
    }
}
