package dev.annex.api;

/**
 * How an HNSW graph is built: {@code HNSW<M>[,efc<N>][,seed<N>][,threads<N>][,SQ8[,Rerank<f>]]}.
 *
 * @param maxConnections M: neighbours kept per node on upper layers (2M on layer 0). Each node costs
 *                       about {@code 8·M} bytes of links; larger M raises recall at a given ef, for
 *                       more memory and slower builds. 12–48 is the useful range; 16 is a good start.
 * @param efConstruction candidate list size while inserting: larger builds a better graph, slower.
 *                       Must be >= M; 100–400 is typical.
 * @param seed           seeds the random level of every node: the same seed and insertion order on one
 *                       thread give the same graph
 * @param buildThreads   threads a batch add inserts with
 * @param scalarQuantized {@code SQ8}: searches walk the graph on int8 codes of the vectors (one
 *                       byte per component, a scale per dimension learned from the first batch
 *                       added or from {@code train}), reading a quarter of the bytes; the float
 *                       vectors are kept for building and for re-ranking
 * @param rerankFactor   with SQ8, the best {@code k × rerankFactor} candidates of the walk are
 *                       re-scored exactly against the float vectors (0: ranked by the codes alone)
 */
public record HnswSpec(int maxConnections, int efConstruction, long seed, int buildThreads, boolean scalarQuantized,
                       int rerankFactor) implements IndexSpec {

    public static final int MAX_CONNECTIONS = 512;
    public static final int MAX_EF_CONSTRUCTION = 100_000;

    public static final int MAX_RERANK_FACTOR = 1000;
    /** The re-rank factor of {@code SQ8} when the factory string names none. */
    public static final int DEFAULT_RERANK_FACTOR = 3;

    /** M=16, efConstruction=200, seed 42, two build threads, float vectors. */
    public static final HnswSpec DEFAULT = new HnswSpec(16, 200, 42L, 2);

    public HnswSpec {
        IndexSpec.checkRange("M", maxConnections, 2, MAX_CONNECTIONS);
        IndexSpec.checkRange("efConstruction (at least M)", efConstruction, maxConnections, MAX_EF_CONSTRUCTION);
        IndexSpec.checkRange("build threads", buildThreads, 1, MAX_THREADS);
        IndexSpec.checkRange(scalarQuantized ? "Rerank factor" : "Rerank factor (only SQ8 re-ranks)", rerankFactor, 0,
                scalarQuantized ? MAX_RERANK_FACTOR : 0);
    }

    /** A graph over float vectors. */
    public HnswSpec(int maxConnections, int efConstruction, long seed, int buildThreads) {
        this(maxConnections, efConstruction, seed, buildThreads, false, 0);
    }

    static HnswSpec parseSettings(int maxConnections, FactorySettings settings) {
        int sq = settings.intValue("sq", 0);
        if (sq != 0 && sq != 8) {
            throw new IllegalArgumentException("only 8-bit scalar quantization is supported, got SQ" + sq);
        }
        boolean quantized = sq == 8;
        return new HnswSpec(maxConnections, settings.intValue("efc", DEFAULT.efConstruction()),
                settings.longValue("seed", DEFAULT.seed()), settings.intValue("threads", DEFAULT.buildThreads()), quantized,
                settings.intValue("rerank", quantized ? DEFAULT_RERANK_FACTOR : 0));
    }

    @Override
    public int threads() {
        return buildThreads;
    }

    public HnswSpec withMaxConnections(int m) {
        return new HnswSpec(m, efConstruction, seed, buildThreads, scalarQuantized, rerankFactor);
    }

    public HnswSpec withEfConstruction(int ef) {
        return new HnswSpec(maxConnections, ef, seed, buildThreads, scalarQuantized, rerankFactor);
    }

    public HnswSpec withSeed(long newSeed) {
        return new HnswSpec(maxConnections, efConstruction, newSeed, buildThreads, scalarQuantized, rerankFactor);
    }

    public HnswSpec withBuildThreads(int threads) {
        return new HnswSpec(maxConnections, efConstruction, seed, threads, scalarQuantized, rerankFactor);
    }

    /** These settings walking int8 codes, re-ranking {@code k × factor} candidates exactly. */
    public HnswSpec withScalarQuantization(int factor) {
        return new HnswSpec(maxConnections, efConstruction, seed, buildThreads, true, factor);
    }

    @Override
    public String toString() {
        return "HNSW" + maxConnections + ",efc" + efConstruction + ",seed" + seed + ",threads" + buildThreads
                + (scalarQuantized ? ",SQ8,Rerank" + rerankFactor : "");
    }
}
