package dev.annex.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.api.ExactSearchParameters;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.vector.Similarity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input is refused with a message naming the parameter and the value, and nothing stored is lost. */
class HnswValidationTest {

    private static void assertMessage(Class<? extends Throwable> type, Executable call, String... fragments) {
        Throwable thrown = assertThrows(type, call);
        for (String fragment : fragments) {
            assertTrue(thrown.getMessage().contains(fragment), "'" + thrown.getMessage() + "' should mention '" + fragment + "'");
        }
    }

    @Test
    void rejectsBadVectorsAndKeepsWhatWasStored() {
        HnswIndex index = new HnswIndex(3, Similarity.L2, HnswSpec.DEFAULT);
        index.add(new float[] {1, 2, 3});
        assertMessage(IllegalArgumentException.class, () -> index.add(new float[] {1, 2}), "dimension mismatch", "2", "3");
        assertMessage(IllegalArgumentException.class, () -> index.add(new float[] {1, Float.NaN, 3}), "NaN", "index 1");
        assertMessage(IllegalArgumentException.class, () -> index.add(new float[] {Float.POSITIVE_INFINITY, 0, 0}), "Infinity");
        assertMessage(IllegalArgumentException.class,
                () -> index.addAll(new float[][] {{1, 1, 1}, {1, 1}}), "vector 1 of the batch", "dimension mismatch");
        assertMessage(IllegalArgumentException.class, () -> index.add(null), "null");
        assertTrue(index.size() == 1, "failed adds stored nothing, size " + index.size());
        assertTrue(index.search(new float[] {1, 2, 3}, 1, HnswSearchParameters.ef(1)).ordinal(0) == 0);
    }

    @Test
    void rejectsBadSearches() {
        HnswIndex index = new HnswIndex(2, Similarity.COSINE, HnswSpec.DEFAULT);
        assertEquals(0, index.search(new float[] {1, 0}, 1, HnswSearchParameters.ef(10)).size(), "an empty index has no results");
        index.add(new float[] {1, 0});
        assertMessage(IllegalArgumentException.class, () -> index.search(new float[] {1, 0}, 0, HnswSearchParameters.ef(10)), "k", "0");
        assertEquals(1, index.search(new float[] {1, 0}, 20, HnswSearchParameters.ef(10)).size(), "ef below k is raised to k");
        assertMessage(IllegalArgumentException.class, () -> HnswSearchParameters.ef(0), "ef", "0");
        assertMessage(IllegalArgumentException.class, () -> index.search(new float[] {1, 0, 0}, 1, HnswSearchParameters.ef(10)),
                "dimension mismatch");
        assertMessage(IllegalArgumentException.class, () -> index.search(new float[] {Float.NaN, 0}, 1, HnswSearchParameters.ef(10)), "NaN");
        assertMessage(IllegalArgumentException.class, () -> index.search(new float[] {0, 0}, 1, HnswSearchParameters.ef(10)), "all zeros");
        assertMessage(IllegalArgumentException.class, () -> index.search(new float[] {1, 0}, 1, ExactSearchParameters.ALL),
                "HnswSearchParameters", "ExactSearchParameters");
        assertMessage(IllegalArgumentException.class, () -> index.delete(5), "ordinal 5");
        index.close();
        assertMessage(IllegalStateException.class, () -> index.search(new float[] {1, 0}, 1, HnswSearchParameters.ef(10)), "closed");
        assertMessage(IllegalStateException.class, () -> index.add(new float[] {1, 0}), "closed");
    }

    @Test
    void rejectsBadConfiguration() {
        assertMessage(IllegalArgumentException.class, () -> new HnswSpec(1, 100, 1L, 1), "M", "1");
        assertMessage(IllegalArgumentException.class, () -> new HnswSpec(16, 8, 1L, 1), "efConstruction", "8");
        assertMessage(IllegalArgumentException.class, () -> new HnswSpec(16, 100, 1L, 0), "build threads", "0");
        assertMessage(IllegalArgumentException.class, () -> new HnswIndex(0, Similarity.L2, HnswSpec.DEFAULT), "dimension", "0");
    }
}
