package dev.annex.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.TestData;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.exact.ExactIndex;
import dev.annex.vector.Similarity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Recall@10 against brute force (the {@link ExactIndex} oracle) on 10,000 clustered 64-d vectors,
 * mixture seed 11, query seed 12, M=16, efConstruction=200, two build threads.
 */
class HnswRecallTest {

    private static final int N = 10_000;
    private static final int DIM = 64;
    private static final HnswSpec CONFIG = new HnswSpec(16, 200, 42L, 2);

    @ParameterizedTest
    @EnumSource(Similarity.class)
    void recallAtEf100IsAtLeast095(Similarity similarity) {
        float[][] data = TestData.clustered(N, DIM, 50, 11);
        float[][] queries = TestData.clustered(200, DIM, 50, 11, 12);
        HnswIndex index = HnswTestSupport.build(data, similarity, CONFIG);
        double recall = HnswTestSupport.recall(index, HnswTestSupport.exact(data, similarity), queries, 10,
                HnswSearchParameters.ef(100));
        assertTrue(recall >= 0.95, similarity + " recall@10 at ef=100 was " + recall);
        assertEquals(N, index.size());
    }

    /**
     * Two-tower items whose norms spread over 10x (mixture seed 21, queries seed 22, one build
     * thread so the graph is fixed): inner-product search reaches the recall that cosine search
     * reaches over the same items, at the same ef. Checked at a small ef (20), where a weaker
     * graph would show, and at ef=100.
     */
    @Test
    void innerProductWithSpreadNormsMatchesCosineRecall() {
        float[][] items = TestData.spreadNorms(N, DIM, 50, 10f, 21);
        float[][] queries = TestData.clustered(200, DIM, 50, 21, 22);
        HnswSpec deterministic = CONFIG.withBuildThreads(1);
        HnswIndex dot = HnswTestSupport.build(items, Similarity.DOT, deterministic);
        HnswIndex cosine = HnswTestSupport.build(items, Similarity.COSINE, deterministic);
        ExactIndex dotOracle = HnswTestSupport.exact(items, Similarity.DOT);
        ExactIndex cosineOracle = HnswTestSupport.exact(items, Similarity.COSINE);
        for (int ef : new int[] {20, 100}) {
            HnswSearchParameters parameters = HnswSearchParameters.ef(ef);
            double dotRecall = HnswTestSupport.recall(dot, dotOracle, queries, 10, parameters);
            double cosineRecall = HnswTestSupport.recall(cosine, cosineOracle, queries, 10, parameters);
            assertTrue(dotRecall >= cosineRecall - 0.02, "ef=" + ef + ": inner product " + dotRecall + " vs cosine " + cosineRecall);
        }
        assertTrue(HnswTestSupport.recall(dot, dotOracle, queries, 10, HnswSearchParameters.ef(100)) >= 0.95);
    }

    @Test
    void recallGrowsWithEf() {
        float[][] data = TestData.clustered(N, DIM, 50, 11);
        float[][] queries = TestData.clustered(200, DIM, 50, 11, 12);
        HnswIndex index = HnswTestSupport.build(data, Similarity.L2, new HnswSpec(8, 64, 42L, 2));
        ExactIndex oracle = HnswTestSupport.exact(data, Similarity.L2);
        double low = HnswTestSupport.recall(index, oracle, queries, 10, HnswSearchParameters.ef(10));
        double high = HnswTestSupport.recall(index, oracle, queries, 10, HnswSearchParameters.ef(200));
        assertTrue(high > low, "ef=200 recall " + high + " should beat ef=10 recall " + low);
        assertTrue(high >= 0.95, "ef=200 recall " + high);
    }
}
