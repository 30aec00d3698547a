package dev.annex.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.Indexes;
import dev.annex.TestData;
import dev.annex.api.VectorIndex;
import dev.annex.vector.Similarity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One grammar: parse and print agree, every setting survives, and what parses also loads after saving. */
class IndexSpecTest {

    @Test
    void everySettingIsPrintedAndParsedBack() {
        assertEquals(new HnswSpec(32, 300, -7L, 3), IndexSpec.parse(" hnsw32 , EFC300,seed-7,Threads3 "));
        assertEquals("HNSW32,efc300,seed-7,threads3", new HnswSpec(32, 300, -7L, 3).toString());
        IvfPqSpec ivf = new IvfPqSpec(64, 8, 8, 5, 9L, 1, 4);
        assertEquals("IVF64,PQ8x8,Rerank5,seed9,threads1,iter4", ivf.toString());
        assertEquals(ivf, IndexSpec.parse(ivf.toString()));
        assertEquals(4, ((IvfPqSpec) IndexSpec.parse("IVF64,PQ8x8,iter4")).iterations(), "iter survives");
        IvfPqSpec fastScan = (IvfPqSpec) IndexSpec.parse("IVF64,PQ8x4fs,Rerank5,seed9,threads1,iter4");
        assertEquals(ivf.withFastScan(), fastScan);
        assertEquals("IVF64,PQ8x4fs,Rerank5,seed9,threads1,iter4", fastScan.toString());
        assertEquals(new FlatSpec(3), IndexSpec.parse("flat,threads3"));
        for (IndexSpec spec : new IndexSpec[] {HnswSpec.DEFAULT, IvfPqSpec.of(16, 4), IvfPqSpec.of(16, 4).withFastScan(), FlatSpec.defaults()}) {
            assertEquals(spec, IndexSpec.parse(spec.toString()));
        }
    }

    @Test
    void badStringsNameWhatIsWrong() {
        assertMessage("Flat,HNSW16", "unknown Flat setting 'hnsw16'", "threads<N>");
        assertMessage("LSH9", "unknown index 'lsh9'");
        assertMessage("HNSW16,ef9", "unknown HNSW setting 'ef9'");
        assertMessage("HNSW16,seed99999999999999999999", "seed '99999999999999999999' does not fit a 64-bit integer");
        assertMessage("HNSW99999999999", "M '99999999999' does not fit a 32-bit integer");
        assertMessage("HNSW16,threads5000", "build threads must be in [1, 1024], got 5000");
        assertMessage("IVF64,PQ8x8,Rerank2000000", "rerank factor must be in [0, 1000], got 2000000");
        assertMessage("IVF64,PQ8x4", "PQ<m>x8 or PQ<m>x4fs (4-bit fast scan), got 'pq8x4'");
        assertMessage("IVF64,PQ8x8fs", "PQ<m>x8 or PQ<m>x4fs (4-bit fast scan), got 'pq8x8fs'");
        assertMessage("IVF64", "needs a PQ<m>x8 part");
        assertMessage("", "empty");
    }

    /** The largest settings creation accepts are also what a loader accepts: no saved index that cannot be opened. */
    @Test
    void theLargestAcceptedSettingsLoadAgain(@TempDir Path dir) throws Exception {
        float[][] data = TestData.clustered(300, 8, 4, 3);
        String[] extremes = {"HNSW512,efc100000,seed" + Long.MIN_VALUE + ",threads1024", "IVF4,PQ8x8,Rerank1000,threads1024,iter1000",
            "IVF4,PQ8x4fs,Rerank1000,threads1024,iter1000",
            "Flat,threads1024"};
        for (String factory : extremes) {
            Path file = dir.resolve("extreme.annex");
            try (VectorIndex index = Indexes.create(8, Similarity.L2, factory)) {
                index.train(data);
                index.addAll(java.util.Arrays.copyOf(data, 20));
                index.save(file);
                try (VectorIndex loaded = Indexes.load(file)) {
                    assertEquals(index.spec(), loaded.spec(), factory);
                }
            }
        }
    }

    private static void assertMessage(String factory, String... parts) {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> IndexSpec.parse(factory));
        for (String part : parts) {
            assertTrue(thrown.getMessage().contains(part), "'" + thrown.getMessage() + "' should mention '" + part + "'");
        }
    }
}
