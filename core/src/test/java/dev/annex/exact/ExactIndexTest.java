package dev.annex.exact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.TestData;
import dev.annex.api.ExactSearchParameters;
import dev.annex.api.FlatSpec;
import dev.annex.api.SearchResults;
import dev.annex.util.FixedBitSet;
import dev.annex.vector.Similarity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactIndexTest {

    /** Points on a line at x = 0..9: the neighbours of x = 3.2 are known by hand. */
    @Test
    void knownAnswerOnALine() {
        ExactIndex index = new ExactIndex(2, Similarity.L2, new FlatSpec(1));
        for (int x = 0; x < 10; x++) {
            index.add(new float[] {x, 0});
        }
        SearchResults results = index.search(new float[] {3.2f, 0}, 3, ExactSearchParameters.ALL);
        assertArrayEquals(new int[] {3, 4, 2}, results.ordinals());
        assertEquals(0.2f, results.distance(0), 1e-6f);
        assertEquals(-0.04f, results.score(0), 1e-6f);
    }

    @Test
    void dotRanksByNormAndCosineIgnoresIt() {
        ExactIndex dot = new ExactIndex(2, Similarity.DOT, new FlatSpec(1));
        ExactIndex cosine = new ExactIndex(2, Similarity.COSINE, new FlatSpec(1));
        float[][] items = {{1, 0}, {10, 1}, {0, 1}};
        for (float[] item : items) {
            dot.add(item);
            cosine.add(item);
        }
        float[] query = {1, 0};
        assertArrayEquals(new int[] {1, 0, 2}, dot.search(query, 3, ExactSearchParameters.ALL).ordinals());
        assertArrayEquals(new int[] {0, 1, 2}, cosine.search(query, 3, ExactSearchParameters.ALL).ordinals());
        assertEquals(1f, cosine.search(query, 1, ExactSearchParameters.ALL).score(0), 1e-6f);
    }

    @Test
    void filtersDeletesAndFewerThanK() {
        ExactIndex index = new ExactIndex(1, Similarity.L2, new FlatSpec(1));
        for (int x = 0; x < 10; x++) {
            index.add(new float[] {x});
        }
        FixedBitSet even = new FixedBitSet(10);
        for (int x = 0; x < 10; x += 2) {
            even.set(x);
        }
        index.delete(4);
        SearchResults results = index.search(new float[] {4}, 10, new ExactSearchParameters(even));
        assertArrayEquals(new int[] {2, 6, 0, 8}, results.ordinals());
        assertEquals(9, index.liveCount());
    }

    @Test
    void parallelSearchAndBatchAgreeWithSingleThread() {
        float[][] data = TestData.clustered(70_000, 16, 20, 7);
        ExactIndex parallel = new ExactIndex(16, Similarity.L2, new FlatSpec(2));
        ExactIndex single = new ExactIndex(16, Similarity.L2, new FlatSpec(1));
        for (float[] v : data) {
            parallel.add(v);
            single.add(v);
        }
        float[][] queries = TestData.clustered(8, 16, 20, 8);
        long threadsBefore = searchThreads();
        SearchResults[] batch = parallel.searchBatch(queries, 10, ExactSearchParameters.ALL);
        for (int q = 0; q < queries.length; q++) {
            int[] expected = single.search(queries[q], 10, ExactSearchParameters.ALL).ordinals();
            assertArrayEquals(expected, parallel.search(queries[q], 10, ExactSearchParameters.ALL).ordinals());
            assertArrayEquals(expected, batch[q].ordinals());
        }
        for (int q = 0; q < 40; q++) {
            parallel.search(queries[q % queries.length], 10, ExactSearchParameters.ALL);
        }
        assertTrue(searchThreads() <= threadsBefore + 2, "at most the index's two threads, not a pool per query: "
                + (searchThreads() - threadsBefore));
        parallel.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (searchThreads() > threadsBefore && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(threadsBefore, searchThreads(), "close stops the index's threads");
    }

    private static long searchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith("annex-search-")).count();
    }

    @Test
    void saveAndLoadOnHeapAndMapped(@TempDir Path dir) throws Exception {
        ExactIndex index = new ExactIndex(8, Similarity.COSINE, new FlatSpec(1));
        for (float[] v : TestData.clustered(300, 8, 4, 3)) {
            index.add(v);
        }
        index.delete(17);
        Path file = dir.resolve("flat.annex");
        index.save(file);
        float[] query = TestData.clustered(1, 8, 4, 4)[0];
        int[] expected = index.search(query, 10, ExactSearchParameters.ALL).ordinals();
        for (boolean mapped : new boolean[] {false, true}) {
            try (ExactIndex loaded = ExactIndex.load(file, mapped)) {
                assertArrayEquals(expected, loaded.search(query, 10, ExactSearchParameters.ALL).ordinals());
                assertTrue(loaded.isDeleted(17));
                assertEquals(299, loaded.liveCount());
            }
        }
    }
}
