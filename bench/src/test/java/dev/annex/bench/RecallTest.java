package dev.annex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecallTest {

    @Test
    void allTrueNeighboursInAnyOrderIsFullRecall() {
        assertEquals(1.0, Recall.atK(new int[] {3, 2, 1}, new int[] {1, 2, 3, 4}, 3));
    }

    @Test
    void aWrongIdCostsOneKth() {
        assertEquals(2.0 / 3, Recall.atK(new int[] {1, 2, 9}, new int[] {1, 2, 3}, 3), 1e-12);
    }

    @Test
    void duplicatesCountOnce() {
        assertEquals(1.0 / 3, Recall.atK(new int[] {1, 1, 1}, new int[] {1, 2, 3}, 3), 1e-12);
    }

    @Test
    void fewerResultsThanKCountAsMisses() {
        assertEquals(1.0 / 3, Recall.atK(new int[] {2}, new int[] {1, 2, 3}, 3), 1e-12);
        assertEquals(0.0, Recall.atK(new int[0], new int[] {1, 2, 3}, 3));
    }

    /** A tie at the k-th place: the truth file's order decides, so the neighbour listed k+1-th is a miss. */
    @Test
    void onlyTheFirstKOfTheTruthCount() {
        assertEquals(0.5, Recall.atK(new int[] {1, 3}, new int[] {1, 2, 3}, 2), 1e-12);
    }

    @Test
    void truthShallowerThanKIsRejected() {
        BenchmarkException e = assertThrows(BenchmarkException.class, () -> Recall.atK(new int[] {1}, new int[] {1}, 10));
        assertTrue(e.getMessage().contains("k=10"), e.getMessage());
    }
}
