package dev.annex.hnsw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.TestData;
import dev.annex.api.ExactSearchParameters;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.api.SearchResults;
import dev.annex.exact.ExactIndex;
import dev.annex.util.FixedBitSet;
import dev.annex.vector.Similarity;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Filtered search equals searching an index built on the admitted subset only: 10,000 clustered
 * 32-d vectors (mixture seed 31, queries seed 32), subsets drawn with seed 33, k=10, ef=100.
 * The subset answers are mapped back to full-index ordinals and compared; the brute-force answer
 * over the subset is the oracle for both.
 */
class HnswFilterTest {

    private static final int N = 10_000;
    private static final int DIM = 32;

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.05, 0.005})
    void filteredSearchEqualsSearchOnTheSubset(double selectivity) {
        float[][] data = TestData.clustered(N, DIM, 40, 31);
        float[][] queries = TestData.clustered(100, DIM, 40, 31, 32);
        HnswSpec config = new HnswSpec(16, 100, 42L, 2);
        HnswIndex full = HnswTestSupport.build(data, Similarity.L2, config);

        Random random = new Random(33);
        FixedBitSet filter = new FixedBitSet(N);
        List<Integer> subsetToFull = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            if (random.nextDouble() < selectivity) {
                filter.set(i);
                subsetToFull.add(i);
            }
        }
        float[][] subsetData = new float[subsetToFull.size()][];
        for (int i = 0; i < subsetData.length; i++) {
            subsetData[i] = data[subsetToFull.get(i)];
        }
        HnswIndex subset = HnswTestSupport.build(subsetData, Similarity.L2, config);
        ExactIndex subsetOracle = HnswTestSupport.exact(subsetData, Similarity.L2);

        double filteredRecall = 0;
        double subsetRecall = 0;
        for (float[] query : queries) {
            SearchResults filtered = full.search(query, 10, new HnswSearchParameters(100, filter));
            SearchResults truth = subsetOracle.search(query, 10, ExactSearchParameters.ALL);
            SearchResults onSubset = subset.search(query, 10, HnswSearchParameters.ef(100));
            int[] truthInFull = toFull(truth, subsetToFull);
            for (int i = 0; i < filtered.size(); i++) {
                assertTrue(filter.get(filtered.ordinal(i)), "returned ordinal " + filtered.ordinal(i) + " fails the filter");
            }
            filteredRecall += overlap(filtered.ordinals(), truthInFull);
            subsetRecall += overlap(toFull(onSubset, subsetToFull), truthInFull);
            if (selectivity < 0.01) {
                assertArrayEquals(truthInFull, filtered.ordinals(), "a 0.5% filter is scanned exactly");
            }
        }
        filteredRecall /= queries.length;
        subsetRecall /= queries.length;
        assertTrue(filteredRecall >= 0.95, "filtered recall " + filteredRecall + " at selectivity " + selectivity);
        assertTrue(filteredRecall >= subsetRecall - 0.02,
                "filtered recall " + filteredRecall + " vs subset-index recall " + subsetRecall);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void filterAdmittingFewerThanKReturnsExactlyThose(int admitted) {
        float[][] data = TestData.clustered(2_000, 8, 5, 34);
        HnswIndex index = HnswTestSupport.build(data, Similarity.DOT, new HnswSpec(8, 32, 1L, 1));
        FixedBitSet filter = new FixedBitSet(data.length);
        for (int i = 0; i < admitted; i++) {
            filter.set(i * 100);
        }
        SearchResults results = index.search(data[5], 10, new HnswSearchParameters(10, filter));
        assertTrue(results.size() == admitted, "expected " + admitted + " results, got " + results);
        for (int i = 0; i < results.size(); i++) {
            assertFalse(!filter.get(results.ordinal(i)));
        }
    }

    /**
     * Both sides of the walk-or-scan choice and the walk's budget fallback, on 20,000 clustered
     * 16-d vectors (seed 35, queries seed 36) at M=4, where a filter admitting half the
     * vectors is cheaper to walk at ef=32 (8·32·20,000 / 10,000 = 512 expected evaluations, far below
     * 10,000) and one admitting 0.5 % is cheaper to scan. {@link SearchResults#scannedExactly()}
     * proves which path answered. Oracle: brute force over the admitted vectors.
     */
    @Test
    void walkScanAndBudgetFallbackEachAnswerCorrectly() {
        float[][] data = TestData.clustered(20_000, 16, 40, 35);
        float[][] queries = TestData.clustered(50, 16, 40, 35, 36);
        HnswIndex index = HnswTestSupport.build(data, Similarity.L2, new HnswSpec(4, 64, 3L, 2));
        ExactIndex oracle = HnswTestSupport.exact(data, Similarity.L2);
        Random random = new Random(37);
        FixedBitSet half = new FixedBitSet(data.length);
        FixedBitSet few = new FixedBitSet(data.length);
        for (int i = 0; i < data.length; i++) {
            if (random.nextBoolean()) {
                half.set(i);
            }
            if (random.nextInt(200) == 0) {
                few.set(i);
            }
        }
        double walkRecall = 0;
        for (float[] query : queries) {
            SearchResults walked = index.search(query, 10, new HnswSearchParameters(32, half));
            assertFalse(walked.scannedExactly(), "a filter admitting half the vectors is walked");
            assertTrue(walked.evaluations() < 2_000, "the walk scored " + walked.evaluations());
            walkRecall += TestData.recall(walked, oracle.search(query, 10, new ExactSearchParameters(half)), 10);
            SearchResults scanned = index.search(query, 10, new HnswSearchParameters(16, few));
            assertTrue(scanned.scannedExactly(), "a filter admitting 0.5 % is scanned");
            assertArrayEquals(oracle.search(query, 10, new ExactSearchParameters(few)).ordinals(), scanned.ordinals());
        }
        assertTrue(walkRecall / queries.length >= 0.9, "filtered walk recall " + walkRecall / queries.length);

        // Admit only the vectors farthest from the query: the walk meets none near it, runs past its budget, and scans.
        float[] query = queries[0];
        SearchResults farthest = oracle.search(scaled(query, -1f), 4_000, ExactSearchParameters.ALL);
        FixedBitSet far = new FixedBitSet(data.length);
        for (int i = 0; i < farthest.size(); i++) {
            far.set(farthest.ordinal(i));
        }
        SearchResults fallback = index.search(query, 10, new HnswSearchParameters(16, far));
        assertTrue(fallback.scannedExactly(), "the walk over budget falls back to the exact scan: " + fallback.evaluations());
        assertArrayEquals(oracle.search(query, 10, new ExactSearchParameters(far)).ordinals(), fallback.ordinals());
    }

    /** Deletions count like a filter: with 98 % deleted the search scans the survivors; with 10 % it walks. */
    @Test
    void deletionsTakePartInTheWalkOrScanChoice() {
        float[][] data = TestData.clustered(20_000, 16, 40, 38);
        HnswIndex index = HnswTestSupport.build(data, Similarity.L2, new HnswSpec(4, 64, 3L, 2));
        ExactIndex oracle = HnswTestSupport.exact(data, Similarity.L2);
        for (int i = 0; i < data.length; i += 10) {
            index.delete(i);
            oracle.delete(i);
        }
        assertFalse(index.search(data[1], 10, HnswSearchParameters.ef(16)).scannedExactly());
        for (int i = 0; i < data.length; i++) {
            if (i % 50 != 1) {
                index.delete(i);
                oracle.delete(i);
            }
        }
        SearchResults survivors = index.search(data[1], 10, HnswSearchParameters.ef(16));
        assertTrue(survivors.scannedExactly(), "2 % live is scanned");
        assertArrayEquals(oracle.search(data[1], 10, ExactSearchParameters.ALL).ordinals(), survivors.ordinals());
    }

    private static float[] scaled(float[] vector, float factor) {
        float[] result = new float[vector.length];
        for (int j = 0; j < vector.length; j++) {
            result[j] = vector[j] * factor;
        }
        return result;
    }

    private static int[] toFull(SearchResults results, List<Integer> subsetToFull) {
        int[] full = new int[results.size()];
        for (int i = 0; i < full.length; i++) {
            full[i] = subsetToFull.get(results.ordinal(i));
        }
        return full;
    }

    private static double overlap(int[] found, int[] truth) {
        int hits = 0;
        for (int f : found) {
            for (int t : truth) {
                if (f == t) {
                    hits++;
                    break;
                }
            }
        }
        return (double) hits / truth.length;
    }
}
