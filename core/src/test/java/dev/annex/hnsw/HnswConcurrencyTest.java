package dev.annex.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.TestData;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.exact.ExactIndex;
import dev.annex.vector.Similarity;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
                HnswTestSupport.build(data, Similarity.L2, new HnswConfig(16, 100, 42L, 1)), oracle, queries, 10, ef);
        double parallel = HnswTestSupport.recall(
                HnswTestSupport.build(data, Similarity.L2, new HnswConfig(16, 100, 42L, 4)), oracle, queries, 10, ef);
        assertTrue(parallel >= serial - 0.01, "parallel " + parallel + " vs serial " + serial);
    }

    /**
     * Two writers add and delete while two readers search: readers never fail, never block for
     * long, and never see an ordinal that was deleted before their search began.
     */
    @Test
    void searchesDuringAddsAndDeletesReturnOnlyLiveVectors() throws Exception {
        float[][] initial = TestData.clustered(3_000, 16, 10, 43);
        float[][] more = TestData.clustered(3_000, 16, 10, 43, 44);
        HnswIndex index = HnswTestSupport.build(initial, Similarity.COSINE, new HnswConfig(12, 64, 7L, 2));
        Set<Integer> deletedBeforeSearch = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger searches = new AtomicInteger();

        Thread adder = new Thread(() -> {
            for (float[] v : more) {
                index.add(v);
            }
        });
        Thread deleter = new Thread(() -> {
            for (int ordinal = 0; ordinal < 3_000; ordinal += 3) {
                index.delete(ordinal);
                deletedBeforeSearch.add(ordinal);
            }
        });
        Runnable reader = () -> {
            try {
                int q = 0;
                while (writing.get()) {
                    Set<Integer> deletedSnapshot = Set.copyOf(deletedBeforeSearch);
                    SearchResults results = index.search(more[q++ % more.length], 10, HnswSearchParameters.ef(40));
                    for (int i = 0; i < results.size(); i++) {
                        int ordinal = results.ordinal(i);
                        assertFalse(deletedSnapshot.contains(ordinal), "deleted ordinal " + ordinal + " returned");
                        assertTrue(ordinal < index.size(), "ordinal " + ordinal + " beyond size");
                    }
                    assertEquals(10, results.size());
                    searches.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        Thread[] readers = {new Thread(reader), new Thread(reader)};
        for (Thread t : readers) {
            t.start();
        }
        adder.start();
        deleter.start();
        adder.join();
        deleter.join();
        writing.set(false);
        for (Thread t : readers) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a reader failed", failure.get());
        }
        assertTrue(searches.get() > 0);
        assertEquals(6_000, index.size());
        assertEquals(6_000 - 1_000, index.liveCount());
    }
}
