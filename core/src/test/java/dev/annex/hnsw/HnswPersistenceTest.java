package dev.annex.hnsw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.TestData;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.api.SearchResults;
import dev.annex.format.CorruptIndexException;
import dev.annex.vector.Similarity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HnswPersistenceTest {

    @ParameterizedTest
    @EnumSource(Similarity.class)
    void roundTripGivesIdenticalResults(Similarity similarity, @TempDir Path dir) throws Exception {
        float[][] data = TestData.clustered(3_000, 24, 10, 51);
        float[][] queries = TestData.clustered(50, 24, 10, 51, 52);
        HnswIndex index = HnswTestSupport.build(data, similarity, new HnswSpec(12, 80, 5L, 2));
        index.delete(10);
        index.delete(2_999);
        Path file = dir.resolve("index.annex");
        index.save(file);
        for (boolean mapped : new boolean[] {false, true}) {
            try (HnswIndex loaded = HnswIndex.load(file, mapped)) {
                assertEquals(index.factoryString(), loaded.factoryString());
                assertEquals(index.size(), loaded.size());
                assertEquals(index.liveCount(), loaded.liveCount());
                for (float[] query : queries) {
                    SearchResults expected = index.search(query, 10, HnswSearchParameters.ef(40));
                    SearchResults actual = loaded.search(query, 10, HnswSearchParameters.ef(40));
                    assertArrayEquals(expected.ordinals(), actual.ordinals(), "mapped=" + mapped);
                    for (int i = 0; i < expected.size(); i++) {
                        // The Vector API leaves the order of a lane reduction open, so the JIT tier may move the last bit.
                        assertEquals(expected.score(i), actual.score(i), 4 * Math.ulp(expected.score(i)));
                    }
                }
            }
        }
        try (HnswIndex heapLoaded = HnswIndex.load(file, false)) {
            int ordinal = heapLoaded.add(data[0]);
            assertEquals(3_000, ordinal);
        }
        try (HnswIndex mappedLoaded = HnswIndex.load(file, true)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> mappedLoaded.add(data[0]));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        }
    }

    /** Every single-byte change and every truncation of a saved file is refused with a message naming the file. */
    @Test
    void everyFlippedByteAndTruncationIsDetected(@TempDir Path dir) throws Exception {
        HnswIndex index = HnswTestSupport.build(TestData.clustered(40, 4, 3, 53), Similarity.L2, new HnswSpec(4, 8, 1L, 1));
        Path file = dir.resolve("small.annex");
        index.save(file);
        byte[] original = Files.readAllBytes(file);
        Path damaged = dir.resolve("damaged.annex");
        for (int i = 0; i < original.length; i++) {
            byte[] copy = original.clone();
            copy[i] ^= (byte) (1 << (i % 8));
            Files.write(damaged, copy);
            CorruptIndexException e = assertThrows(CorruptIndexException.class, () -> HnswIndex.load(damaged, false),
                    "flip at byte " + i);
            assertTrue(e.getMessage().contains(damaged.toString()), e.getMessage());
        }
        for (int length = 0; length < original.length; length++) {
            Files.write(damaged, Arrays.copyOf(original, length));
            assertThrows(CorruptIndexException.class, () -> HnswIndex.load(damaged, true), "truncated to " + length);
        }
    }

    @Test
    void saveIsAtomicAndLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        HnswIndex index = HnswTestSupport.build(TestData.clustered(100, 4, 3, 54), Similarity.L2, new HnswSpec(4, 8, 1L, 1));
        Path file = dir.resolve("a.annex");
        index.save(file);
        index.add(new float[] {1, 2, 3, 4});
        index.save(file);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the published file remains");
        }
        try (HnswIndex loaded = HnswIndex.load(file, false)) {
            assertEquals(101, loaded.size());
        }
    }

    @Test
    void wrongTypeAndMissingFileAreClearErrors(@TempDir Path dir) throws Exception {
        dev.annex.exact.ExactIndex exact = new dev.annex.exact.ExactIndex(2, Similarity.L2, new dev.annex.api.FlatSpec(1));
        exact.add(new float[] {1, 2});
        Path file = dir.resolve("flat.annex");
        exact.save(file);
        CorruptIndexException e = assertThrows(CorruptIndexException.class, () -> HnswIndex.load(file, false));
        assertTrue(e.getMessage().contains("EXACT"), e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> HnswIndex.load(dir.resolve("missing"), false));
    }
}
