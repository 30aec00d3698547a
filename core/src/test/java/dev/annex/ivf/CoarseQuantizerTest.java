package dev.annex.ivf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.TestData;
import dev.annex.util.LongHeap;
import dev.annex.util.ScoredNodes;
import dev.annex.vector.Similarity;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lists a query probes against brute force over the centroids (seeded clustered centroids
 * and queries): centroids that fit in cache are all scored, so the choice is exact; 1,024
 * centroids of 272 dimensions (1.1 MiB) are walked as a graph at a narrow probe, and at least
 * 95% of the chosen lists must be the exact ones.
 */
class CoarseQuantizerTest {

    @ParameterizedTest
    @EnumSource(value = Similarity.class, names = {"L2", "DOT"})
    void cachedCentroidsAreAllScored(Similarity similarity) {
        assertEquals(1.0, overlap(TestData.clustered(256, 32, 16, 91), similarity, 8), 1e-9);
    }

    @ParameterizedTest
    @EnumSource(value = Similarity.class, names = {"L2", "DOT"})
    void largeCentroidSetsAreWalkedNearlyExactly(Similarity similarity) {
        double overlap = overlap(TestData.clustered(1024, 272, 64, 92), similarity, 4);
        assertTrue(overlap >= 0.95, "overlap with the exact lists " + overlap);
    }

    private static double overlap(float[][] centroids, Similarity similarity, int nprobe) {
        CoarseQuantizer coarse = new CoarseQuantizer(centroids, similarity, 7L);
        float[][] queries = TestData.clustered(50, centroids[0].length, 16, 93);
        LongHeap probes = new LongHeap(nprobe);
        float[] scratch = new float[centroids.length];
        int found = 0;
        for (float[] query : queries) {
            coarse.chooseLists(query, nprobe, probes, scratch);
            assertEquals(nprobe, probes.size());
            Set<Integer> exact = exactLists(centroids, query, similarity, nprobe);
            while (!probes.isEmpty()) {
                found += exact.contains(ScoredNodes.node(probes.pop())) ? 1 : 0;
            }
        }
        return (double) found / (queries.length * nprobe);
    }

    private static Set<Integer> exactLists(float[][] centroids, float[] query, Similarity similarity, int nprobe) {
        LongHeap best = new LongHeap(nprobe);
        for (int c = 0; c < centroids.length; c++) {
            double score = 0;
            for (int j = 0; j < query.length; j++) {
                score += similarity == Similarity.DOT ? (double) query[j] * centroids[c][j]
                        : -((double) query[j] - centroids[c][j]) * ((double) query[j] - centroids[c][j]);
            }
            best.pushBounded(ScoredNodes.pack((float) score, c), nprobe);
        }
        Set<Integer> lists = new HashSet<>();
        while (!best.isEmpty()) {
            lists.add(ScoredNodes.node(best.pop()));
        }
        return lists;
    }
}
