package dev.annex.hnsw;

/**
 * How an HNSW graph is built.
 *
 * @param maxConnections M: neighbours kept per node on upper layers (2M on layer 0). Each node costs
 *                       about {@code 8·M} bytes of links; larger M raises recall at a given ef, for
 *                       more memory and slower builds. 12–48 is the useful range; 16 is a good start.
 * @param efConstruction candidate list size while inserting: larger builds a better graph, slower.
 *                       Must be >= M; 100–400 is typical.
 * @param seed           seeds the random level of every node: the same seed and insertion order on one
 *                       thread give the same graph
 * @param buildThreads   threads {@link HnswIndex#addAll} inserts with
 */
public record HnswConfig(int maxConnections, int efConstruction, long seed, int buildThreads) {

    /** M=16, efConstruction=200, seed 42, two build threads. */
    public static final HnswConfig DEFAULT = new HnswConfig(16, 200, 42L, 2);

    public HnswConfig {
        if (maxConnections < 2 || maxConnections > 512) {
            throw new IllegalArgumentException("maxConnections (M) must be in [2, 512], got " + maxConnections);
        }
        if (efConstruction < maxConnections || efConstruction > 100_000) {
            throw new IllegalArgumentException("efConstruction must be in [M=" + maxConnections + ", 100000], got " + efConstruction);
        }
        if (buildThreads < 1) {
            throw new IllegalArgumentException("buildThreads must be >= 1, got " + buildThreads);
        }
    }

    public HnswConfig withMaxConnections(int m) {
        return new HnswConfig(m, efConstruction, seed, buildThreads);
    }

    public HnswConfig withEfConstruction(int ef) {
        return new HnswConfig(maxConnections, ef, seed, buildThreads);
    }

    public HnswConfig withSeed(long newSeed) {
        return new HnswConfig(maxConnections, efConstruction, newSeed, buildThreads);
    }

    public HnswConfig withBuildThreads(int threads) {
        return new HnswConfig(maxConnections, efConstruction, seed, threads);
    }
}
