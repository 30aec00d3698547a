package dev.annex.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.ConcurrentChurn;
import dev.annex.TestData;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.exact.ExactIndex;
import dev.annex.vector.Similarity;
import org.junit.jupiter.api.Test;

class HnswConcurrencyTest {

    /** 10,000 clustered 32-d vectors (mixture seed 41, queries seed 42): four build threads lose at most 0.01 recall@10 at ef=50. */
    @Test
    void parallelBuildIsAsGoodAsSerial() {
        float[][] data = TestData.clustered(10_000, 32, 40, 41);
        float[][] queries = TestData.clustered(200, 32, 40, 41, 42);
        ExactIndex oracle = HnswTestSupport.exact(data, Similarity.L2);
        HnswSearchParameters ef = HnswSearchParameters.ef(50);
        double serial = HnswTestSupport.recall(
                HnswTestSupport.build(data, Similarity.L2, new HnswSpec(16, 100, 42L, 1)), oracle, queries, 10, ef);
        double parallel = HnswTestSupport.recall(
                HnswTestSupport.build(data, Similarity.L2, new HnswSpec(16, 100, 42L, 4)), oracle, queries, 10, ef);
        assertTrue(parallel >= serial - 0.01, "parallel " + parallel + " vs serial " + serial);
    }

    /** Searches during adds and deletes never fail and never return an ordinal deleted before they began. */
    @Test
    void searchesDuringAddsAndDeletesReturnOnlyLiveVectors() throws Exception {
        float[][] initial = TestData.clustered(3_000, 16, 10, 43);
        float[][] more = TestData.clustered(3_000, 16, 10, 43, 44);
        HnswIndex index = HnswTestSupport.build(initial, Similarity.COSINE, new HnswSpec(12, 64, 7L, 2));
        int searches = ConcurrentChurn.run(index, () -> {
            for (float[] v : more) {
                index.add(v);
            }
        }, ConcurrentChurn.everyNth(3_000, 3), q -> index.search(more[q % more.length], 10, HnswSearchParameters.ef(40)), results -> {
            assertEquals(10, results.size());
        });
        assertTrue(searches > 0);
        assertEquals(6_000, index.size());
        assertEquals(6_000 - 1_000, index.liveCount());
    }
}
