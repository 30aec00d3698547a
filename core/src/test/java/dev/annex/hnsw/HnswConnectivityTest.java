package dev.annex.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.TestData;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.api.SearchResults;
import dev.annex.exact.ExactIndex;
import dev.annex.vector.Similarity;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every live vector stays reachable: concurrent builds from empty, tiny M, duplicates, pruning. */
class HnswConnectivityTest {

    /**
     * 200 builds of 48 distinct uniform random 8-d vectors (seeds 0..199) at efc32 on one thread:
     * an exhaustive search (ef = k = n) returns every vector, and a walk from the entry reaches all.
     * Before the repair, pruning left about 0.5 % of vectors unreachable at M=4.
     */
    @ParameterizedTest
    @ValueSource(ints = {4, 8, 16})
    void exhaustiveSearchFindsEveryVector(int m) {
        for (int seed = 0; seed < 200; seed++) {
            float[][] data = uniform(48, 8, seed);
            HnswIndex index = HnswTestSupport.build(data, Similarity.L2, new HnswSpec(m, 32, seed, 1));
            assertEveryVectorFound(index, "M=" + m + " seed " + seed);
        }
    }

    /** The same at 256 vectors with two build threads and deletes of every fifth vector (seed 500+i). */
    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void largerBuildsAndDeletesKeepEveryLiveVectorReachable(int m) {
        for (int round = 0; round < 20; round++) {
            float[][] data = uniform(256, 6, 500 + round);
            HnswIndex index = HnswTestSupport.build(data, Similarity.DOT, new HnswSpec(m, 32, round, 2));
            for (int ordinal = 0; ordinal < data.length; ordinal += 5) {
                index.delete(ordinal);
            }
            assertEveryVectorFound(index, "M=" + m + " round " + round);
        }
    }

    /** Single adds, one at a time, also end connected once the amortised repair has run (it runs before a save too). */
    @Test
    void singleAddsAreRepairedWithinTheirInterval() {
        float[][] data = uniform(300, 8, 77);
        HnswIndex index = new HnswIndex(8, Similarity.L2, new HnswSpec(4, 32, 3L, 1));
        for (float[] vector : data) {
            index.add(vector);
        }
        index.addAll(new float[0][]);
        index.add(data[0]);
        assertEveryVectorFound(index, "single adds");
    }

    /**
     * Many rounds of a four-thread addAll from empty, including tiny M and all-equal vectors: two
     * threads racing to install the first entry, or to raise the top level, must not orphan
     * nodes. Recall equals a one-thread build's within 0.01 (oracle: exact index, seed 91).
     */
    @Test
    void concurrentBuildsFromEmptyLoseNoNode() {
        for (int round = 0; round < 60; round++) {
            float[][] data = round % 3 == 0 ? equal(200, 4) : uniform(200, 4, 900 + round);
            int m = round % 2 == 0 ? 2 : 6;
            HnswIndex index = HnswTestSupport.build(data, Similarity.L2, new HnswSpec(m, 16, round, 4));
            assertEquals(0, index.unreachableLiveNodes(), "round " + round);
            assertEquals(data.length, index.search(data[0], data.length, HnswSearchParameters.ef(data.length)).size());
        }
        float[][] data = TestData.clustered(4_000, 24, 30, 91);
        float[][] queries = TestData.clustered(200, 24, 30, 91, 92);
        ExactIndex oracle = HnswTestSupport.exact(data, Similarity.L2);
        HnswSearchParameters ef = HnswSearchParameters.ef(40);
        double serial = HnswTestSupport.recall(HnswTestSupport.build(data, Similarity.L2, new HnswSpec(8, 64, 5L, 1)),
                oracle, queries, 10, ef);
        double parallel = HnswTestSupport.recall(HnswTestSupport.build(data, Similarity.L2, new HnswSpec(8, 64, 5L, 4)),
                oracle, queries, 10, ef);
        assertTrue(parallel >= serial - 0.01, "parallel " + parallel + " vs serial " + serial);
    }

    private static void assertEveryVectorFound(HnswIndex index, String what) {
        assertEquals(0, index.unreachableLiveNodes(), what + ": unreachable live nodes");
        int live = index.liveCount();
        SearchResults all = index.search(index.vector(firstLive(index)), live, HnswSearchParameters.ef(live));
        assertEquals(live, all.size(), what);
        if (live == index.size()) {
            assertTrue(!all.scannedExactly(), what + ": the walk must answer, not the exact fallback");
        }
        int[] found = all.ordinals();
        Arrays.sort(found);
        int expected = 0;
        for (int ordinal : found) {
            while (index.isDeleted(expected)) {
                expected++;
            }
            assertEquals(expected++, ordinal, what);
        }
    }

    private static int firstLive(HnswIndex index) {
        int ordinal = 0;
        while (index.isDeleted(ordinal)) {
            ordinal++;
        }
        return ordinal;
    }

    static float[][] uniform(int n, int dim, long seed) {
        Random random = new Random(seed);
        float[][] data = new float[n][dim];
        for (float[] row : data) {
            for (int j = 0; j < dim; j++) {
                row[j] = random.nextFloat() * 2 - 1;
            }
        }
        return data;
    }

    private static float[][] equal(int n, int dim) {
        float[][] data = new float[n][dim];
        for (float[] row : data) {
            Arrays.fill(row, 0.5f);
        }
        return data;
    }
}
