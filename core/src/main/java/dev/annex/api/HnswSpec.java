package dev.annex.api;

/**
 * How an HNSW graph is built: {@code HNSW<M>[,efc<N>][,seed<N>][,threads<N>]}.
 *
 * @param maxConnections M: neighbours kept per node on upper layers (2M on layer 0). Each node costs
 *                       about {@code 8·M} bytes of links; larger M raises recall at a given ef, for
 *                       more memory and slower builds. 12–48 is the useful range; 16 is a good start.
 * @param efConstruction candidate list size while inserting: larger builds a better graph, slower.
 *                       Must be >= M; 100–400 is typical.
 * @param seed           seeds the random level of every node: the same seed and insertion order on one
 *                       thread give the same graph
 * @param buildThreads   threads a batch add inserts with
 */
public record HnswSpec(int maxConnections, int efConstruction, long seed, int buildThreads) implements IndexSpec {

    public static final int MAX_CONNECTIONS = 512;
    public static final int MAX_EF_CONSTRUCTION = 100_000;

    /** M=16, efConstruction=200, seed 42, two build threads. */
    public static final HnswSpec DEFAULT = new HnswSpec(16, 200, 42L, 2);

    public HnswSpec {
        IndexSpec.checkRange("M", maxConnections, 2, MAX_CONNECTIONS);
        IndexSpec.checkRange("efConstruction (at least M)", efConstruction, maxConnections, MAX_EF_CONSTRUCTION);
        IndexSpec.checkRange("build threads", buildThreads, 1, MAX_THREADS);
    }

    static HnswSpec parseSettings(int maxConnections, FactorySettings settings) {
        return new HnswSpec(maxConnections, settings.intValue("efc", DEFAULT.efConstruction()),
                settings.longValue("seed", DEFAULT.seed()), settings.intValue("threads", DEFAULT.buildThreads()));
    }

    @Override
    public int threads() {
        return buildThreads;
    }

    public HnswSpec withMaxConnections(int m) {
        return new HnswSpec(m, efConstruction, seed, buildThreads);
    }

    public HnswSpec withEfConstruction(int ef) {
        return new HnswSpec(maxConnections, ef, seed, buildThreads);
    }

    public HnswSpec withSeed(long newSeed) {
        return new HnswSpec(maxConnections, efConstruction, newSeed, buildThreads);
    }

    public HnswSpec withBuildThreads(int threads) {
        return new HnswSpec(maxConnections, efConstruction, seed, threads);
    }

    @Override
    public String toString() {
        return "HNSW" + maxConnections + ",efc" + efConstruction + ",seed" + seed + ",threads" + buildThreads;
    }
}
