package dev.annex.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.ConcurrentChurn;
import dev.annex.Indexes;
import dev.annex.TestData;
import dev.annex.api.ExactSearchParameters;
import dev.annex.api.FlatSpec;
import dev.annex.api.IndexSpec;
import dev.annex.api.SearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.api.VectorIndex;
import dev.annex.exact.ExactIndex;
import dev.annex.util.Bits;
import dev.annex.util.FixedBitSet;
import dev.annex.vector.Similarity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every index type must do, checked the same way for each: a subclass names the spec and
 * the per-search parameters, and the recall it must reach. The oracle is the exact index; data
 * is {@link TestData#overlapping} (overlapping clusters, heavy-tailed norms), 3,000 × 32, mixture
 * seed 301, queries seed 302.
 */
abstract class VectorIndexConformance {

    static final int N = 3_000;
    static final int DIM = 32;
    static final int K = 10;
    static final float[][] DATA = TestData.overlapping(N, DIM, 24, 301, 301);
    static final float[][] QUERIES = TestData.overlapping(100, DIM, 24, 301, 302);

    @TempDir
    Path dir;

    /** The spec under test, for {@code similarity}; one build thread so builds are reproducible. */
    abstract IndexSpec spec(Similarity similarity);

    /** Parameters that reach {@link #recallFloor} on this data, with {@code filter}. */
    abstract SearchParameters parameters(Bits filter);

    /** The recall@10 the index must reach with {@link #parameters} against brute force. */
    abstract double recallFloor(Similarity similarity);

    /** Whether the index keeps full vectors (else {@code vector} and {@code forEachLive} refuse). */
    boolean keepsVectors() {
        return true;
    }

    VectorIndex build(Similarity similarity, float[][] data) {
        VectorIndex index = Indexes.create(DIM, similarity, spec(similarity));
        index.train(data);
        index.addAll(data);
        return index;
    }

    static ExactIndex oracle(Similarity similarity, float[][] data) {
        ExactIndex exact = new ExactIndex(DIM, similarity, new FlatSpec(2));
        exact.addAll(data);
        return exact;
    }

    @ParameterizedTest
    @EnumSource(Similarity.class)
    void recallAgainstBruteForce(Similarity similarity) {
        try (VectorIndex index = build(similarity, DATA); ExactIndex oracle = oracle(similarity, DATA)) {
            double recall = 0;
            for (float[] query : QUERIES) {
                SearchResults found = index.search(query, K, parameters(Bits.ALL));
                assertEquals(K, found.size());
                for (int i = 1; i < found.size(); i++) {
                    assertTrue(found.score(i - 1) >= found.score(i), "best first");
                }
                recall += TestData.recall(found, oracle.search(query, K, ExactSearchParameters.ALL), K);
            }
            recall /= QUERIES.length;
            assertTrue(recall >= recallFloor(similarity), similarity + " recall@10 " + recall + " < " + recallFloor(similarity));
        }
    }

    /** With 95 % deleted, then all but three, then all: always min(k, live) live results. */
    @Test
    void deletesNeverReturnedAndMinKLiveAlwaysReturned() {
        try (VectorIndex index = build(Similarity.L2, DATA)) {
            for (int ordinal = 0; ordinal < N; ordinal++) {
                if (ordinal % 20 != 0) {
                    index.delete(ordinal);
                }
            }
            for (float[] query : QUERIES) {
                SearchResults found = index.search(query, K, parameters(Bits.ALL));
                assertEquals(K, found.size());
                for (int i = 0; i < found.size(); i++) {
                    assertEquals(0, found.ordinal(i) % 20, "deleted ordinal " + found.ordinal(i) + " returned");
                }
            }
            for (int ordinal = 0; ordinal < N - 60; ordinal += 20) {
                index.delete(ordinal);
            }
            assertEquals(3, index.liveCount());
            SearchResults three = index.search(QUERIES[0], K, parameters(Bits.ALL));
            assertArrayEquals(new int[] {N - 60, N - 40, N - 20}, sorted(three.ordinals()));
            for (int ordinal = N - 60; ordinal < N; ordinal += 20) {
                index.delete(ordinal);
            }
            assertEquals(0, index.search(QUERIES[0], K, parameters(Bits.ALL)).size());
        }
    }

    /**
     * An allow-list and a deny-list each equal searching the admitted subset exactly, within the
     * recall floor; a deny-list admits vectors added after it was made, an allow-list does not.
     */
    @Test
    void allowAndDenyListsEqualSearchingTheSubset() {
        try (VectorIndex index = build(Similarity.DOT, DATA)) {
            FixedBitSet allow = new FixedBitSet(N);
            int[] seen = new int[N / 4];
            for (int ordinal = 0; ordinal < N; ordinal++) {
                if (ordinal % 3 == 0) {
                    allow.set(ordinal);
                }
                if (ordinal % 4 == 0) {
                    seen[ordinal / 4] = ordinal;
                }
            }
            Bits deny = Bits.allExcept(seen);
            for (Bits filter : new Bits[] {allow, deny}) {
                ExactIndex subsetOracle = new ExactIndex(DIM, Similarity.DOT, new FlatSpec(1));
                subsetOracle.addAll(DATA);
                double recall = 0;
                for (float[] query : QUERIES) {
                    SearchResults found = index.search(query, K, parameters(filter));
                    assertEquals(K, found.size());
                    for (int i = 0; i < found.size(); i++) {
                        assertTrue(filter.get(found.ordinal(i)), filter + " admitted " + found.ordinal(i));
                    }
                    recall += TestData.recall(found, subsetOracle.search(query, K, new ExactSearchParameters(filter)), K);
                }
                recall /= QUERIES.length;
                assertTrue(recall >= recallFloor(Similarity.DOT), filter + " recall " + recall);
            }
            float[] dominant = DATA[0].clone();
            for (int j = 0; j < DIM; j++) {
                dominant[j] *= 1_000;
            }
            int late = index.add(dominant);
            assertEquals(late, index.search(dominant, 1, parameters(deny)).ordinal(0), "a deny-list admits later items");
            assertFalse(contains(index.search(dominant, K, parameters(allow)), late), "an allow-list excludes later items");
        }
    }

    @Test
    void saveAndLoadOnHeapAndMappedAnswerTheSame() throws Exception {
        try (VectorIndex index = build(Similarity.COSINE, DATA)) {
            index.delete(7);
            Path file = dir.resolve("index.annex");
            index.save(file);
            for (boolean mapped : new boolean[] {false, true}) {
                try (VectorIndex loaded = Indexes.load(file, mapped)) {
                    assertEquals(index.spec(), loaded.spec());
                    assertEquals(index.size(), loaded.size());
                    assertTrue(loaded.isDeleted(7));
                    assertEquals(mapped, loaded.isReadOnly());
                    for (float[] query : QUERIES) {
                        assertArrayEquals(index.search(query, K, parameters(Bits.ALL)).ordinals(),
                                loaded.search(query, K, parameters(Bits.ALL)).ordinals());
                    }
                    if (mapped) {
                        assertMessage(IllegalStateException.class, () -> loaded.add(DATA[0]), "read-only");
                        assertMessage(IllegalStateException.class, () -> loaded.addAll(new float[][] {DATA[0]}), "read-only");
                        assertTrue(loaded.delete(8), "deletes still work on a mapped index");
                    }
                }
            }
        }
    }

    /** The printed spec rebuilds the same index: one build thread, same seed and data, byte-identical files. */
    @Test
    void printedSpecRebuildsAByteIdenticalIndex() throws Exception {
        IndexSpec spec = spec(Similarity.L2);
        assertEquals(spec, IndexSpec.parse(spec.toString()));
        float[][] data = java.util.Arrays.copyOf(DATA, 1_000);
        Path first = dir.resolve("first.annex");
        Path second = dir.resolve("second.annex");
        try (VectorIndex a = build(Similarity.L2, data)) {
            a.save(first);
            try (VectorIndex b = Indexes.create(DIM, Similarity.L2, a.factoryString())) {
                b.train(data);
                b.addAll(data);
                b.save(second);
            }
        }
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void badInputNamesTheValueAndChangesNothing() {
        try (VectorIndex index = build(Similarity.L2, java.util.Arrays.copyOf(DATA, 1_000))) {
            int size = index.size();
            assertMessage(IllegalArgumentException.class, () -> index.add(null), "vector is null");
            assertMessage(IllegalArgumentException.class, () -> index.add(new float[DIM + 1]), "dimension mismatch", "33");
            float[] nan = DATA[0].clone();
            nan[3] = Float.NaN;
            assertMessage(IllegalArgumentException.class, () -> index.add(nan), "NaN", "index 3");
            float[] huge = new float[DIM];
            java.util.Arrays.fill(huge, 1e30f);
            assertMessage(IllegalArgumentException.class, () -> index.add(huge), "squared norm", "overflow");
            assertMessage(IllegalArgumentException.class, () -> index.search(huge, K, parameters(Bits.ALL)), "squared norm");
            assertMessage(IllegalArgumentException.class, () -> index.addAll(new float[][] {DATA[1], nan}), "vector 1 of the batch");
            assertMessage(IllegalArgumentException.class, () -> index.addAll(null), "batch is null");
            assertMessage(IllegalArgumentException.class, () -> index.search(DATA[0], 0, parameters(Bits.ALL)), "k must be > 0", "0");
            assertMessage(IllegalArgumentException.class, () -> index.save(null), "path is null");
            assertMessage(IllegalArgumentException.class, () -> index.save(dir), "directory");
            assertMessage(IllegalArgumentException.class, () -> index.delete(size), "ordinal " + size);
            assertEquals(size, index.size(), "nothing was added");
            assertEquals(size, index.search(DATA[0], 1 << 30, parameters(Bits.ALL)).size(), "k = 2^30 returns every live vector");
        }
        try (VectorIndex cosine = build(Similarity.COSINE, java.util.Arrays.copyOf(DATA, 1_000))) {
            assertMessage(IllegalArgumentException.class, () -> cosine.add(new float[DIM]), "all zeros");
            float[] tiny = new float[DIM];
            java.util.Arrays.fill(tiny, Float.MIN_VALUE);
            float[] large = new float[DIM];
            java.util.Arrays.fill(large, 1e30f);
            int small = cosine.add(tiny);
            int big = cosine.add(large);
            if (keepsVectors()) {
                assertEquals(1f / (float) Math.sqrt(DIM), cosine.vector(small)[0], 1e-6f, "denormals normalise");
                assertEquals(1f / (float) Math.sqrt(DIM), cosine.vector(big)[0], 1e-6f, "huge components normalise");
            }
            SearchResults found = cosine.search(large, 2, parameters(Bits.ALL));
            assertTrue(Float.isFinite(found.score(0)) && found.score(0) > (keepsVectors() ? 0.99f : 0.8f), found.toString());
        }
    }

    @Test
    void aClosedIndexRefusesEverything() throws Exception {
        VectorIndex index = build(Similarity.L2, java.util.Arrays.copyOf(DATA, 500));
        index.close();
        index.close();
        assertMessage(IllegalStateException.class, () -> index.add(DATA[0]), "closed");
        assertMessage(IllegalStateException.class, () -> index.addAll(new float[][] {DATA[0]}), "closed");
        assertMessage(IllegalStateException.class, () -> index.search(DATA[0], K, parameters(Bits.ALL)), "closed");
        assertMessage(IllegalStateException.class, () -> index.searchBatch(QUERIES, K, parameters(Bits.ALL)), "closed");
        assertMessage(IllegalStateException.class, () -> index.delete(1), "closed");
        assertMessage(IllegalStateException.class, () -> index.save(dir.resolve("x.annex")), "closed");
    }

    /** Searches racing a close of a memory-mapped index finish or fail with the "closed" error, nothing else. */
    @Test
    void closeDuringSearchesFailsOnlyWithTheClosedError() throws Exception {
        Path file = dir.resolve("mapped.annex");
        try (VectorIndex index = build(Similarity.L2, DATA)) {
            index.save(file);
        }
        for (int round = 0; round < 5; round++) {
            VectorIndex mapped = Indexes.load(file, true);
            Set<String> failures = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Thread[] readers = new Thread[2];
            for (int t = 0; t < readers.length; t++) {
                readers[t] = new Thread(() -> {
                    for (int q = 0; q < 2_000; q++) {
                        try {
                            mapped.search(QUERIES[q % QUERIES.length], K, parameters(Bits.ALL));
                        } catch (IllegalStateException e) {
                            if (!e.getMessage().endsWith("is closed")) {
                                failures.add(e.toString());
                            }
                            return;
                        } catch (RuntimeException | Error e) {
                            failures.add(e.toString());
                            return;
                        }
                    }
                });
                readers[t].start();
            }
            Thread.sleep(round * 3L);
            mapped.close();
            for (Thread reader : readers) {
                reader.join();
            }
            assertTrue(failures.isEmpty(), failures.toString());
        }
    }

    /**
     * An index keeps none of the caller's arrays: training sample, batch and single vector
     * overwritten with NaN after their calls leave answers identical to an index built from
     * untouched data (inner product, whose stored form is the vector itself).
     */
    @Test
    void theCallersArraysAreNotKept() {
        float[][] copies = new float[N][];
        for (int i = 0; i < N; i++) {
            copies[i] = DATA[i].clone();
        }
        try (VectorIndex reference = build(Similarity.DOT, DATA);
                VectorIndex fromCopies = Indexes.create(DIM, Similarity.DOT, spec(Similarity.DOT))) {
            fromCopies.train(copies);
            for (float[] copy : copies) {
                java.util.Arrays.fill(copy, Float.NaN);
            }
            for (int i = 0; i < N; i++) {
                copies[i] = DATA[i].clone();
            }
            fromCopies.addAll(java.util.Arrays.copyOf(copies, N - 1));
            fromCopies.add(copies[N - 1]);
            for (float[] copy : copies) {
                java.util.Arrays.fill(copy, Float.NaN);
            }
            for (float[] query : QUERIES) {
                SearchResults expected = reference.search(query, K, parameters(Bits.ALL));
                SearchResults actual = fromCopies.search(query, K, parameters(Bits.ALL));
                assertArrayEquals(expected.ordinals(), actual.ordinals());
                for (int r = 0; r < expected.size(); r++) {
                    assertEquals(expected.score(r), actual.score(r), 0f, "rank " + r);
                }
            }
        }
    }

    @Test
    void emptyIndexReturnsNoResults() {
        try (VectorIndex index = Indexes.create(DIM, Similarity.L2, spec(Similarity.L2))) {
            index.train(DATA);
            assertEquals(0, index.search(DATA[0], K, parameters(Bits.ALL)).size());
            assertEquals(0, index.searchBatch(QUERIES, K, parameters(Bits.ALL))[5].size());
        }
    }

    @Test
    void batchSearchEqualsSingleSearches() {
        try (VectorIndex index = build(Similarity.DOT, DATA)) {
            SearchResults[] batch = index.searchBatch(QUERIES, K, parameters(Bits.ALL));
            assertEquals(QUERIES.length, batch.length);
            for (int q = 0; q < QUERIES.length; q++) {
                assertArrayEquals(index.search(QUERIES[q], K, parameters(Bits.ALL)).ordinals(), batch[q].ordinals(), "query " + q);
            }
            float[][] withBad = QUERIES.clone();
            withBad[40] = new float[3];
            assertMessage(IllegalArgumentException.class, () -> index.searchBatch(withBad, K, parameters(Bits.ALL)), "query 40");
        }
    }

    @Test
    void liveVectorsCanBeIteratedToRebuild() {
        try (VectorIndex index = build(Similarity.L2, java.util.Arrays.copyOf(DATA, 300))) {
            index.delete(5);
            index.delete(299);
            if (!keepsVectors()) {
                assertMessage(IllegalStateException.class, () -> index.forEachLive((o, v) -> { }), "codes only");
                return;
            }
            Set<Integer> visited = new HashSet<>();
            index.forEachLive((ordinal, vector) -> {
                visited.add(ordinal);
                assertArrayEquals(DATA[ordinal], vector, "vector of " + ordinal);
            });
            assertEquals(298, visited.size());
            assertFalse(visited.contains(5) || visited.contains(299));
            assertArrayEquals(DATA[42], index.vector(42));
        }
    }

    @Test
    void searchesDuringAddsAndDeletesReturnOnlyLiveVectors() throws Exception {
        float[][] first = java.util.Arrays.copyOf(DATA, 1_500);
        float[][] more = java.util.Arrays.copyOfRange(DATA, 1_500, N);
        try (VectorIndex index = build(Similarity.L2, first)) {
            int searches = ConcurrentChurn.run(index, () -> {
                for (int i = 0; i < more.length; i += 50) {
                    index.addAll(java.util.Arrays.copyOfRange(more, i, Math.min(more.length, i + 50)));
                }
            }, ConcurrentChurn.everyNth(1_500, 3), q -> index.search(QUERIES[q % QUERIES.length], K, parameters(Bits.ALL)),
                    results -> assertEquals(K, results.size()));
            assertTrue(searches > 0);
            assertEquals(N, index.size());
            assertEquals(N - 500, index.liveCount());
        }
    }

    static int[] sorted(int[] values) {
        int[] copy = values.clone();
        java.util.Arrays.sort(copy);
        return copy;
    }

    static boolean contains(SearchResults results, int ordinal) {
        for (int i = 0; i < results.size(); i++) {
            if (results.ordinal(i) == ordinal) {
                return true;
            }
        }
        return false;
    }

    static void assertMessage(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable call, String... parts) {
        Throwable thrown = assertThrows(type, call);
        for (String part : parts) {
            assertTrue(thrown.getMessage().contains(part), "'" + thrown.getMessage() + "' should mention '" + part + "'");
        }
    }
}
