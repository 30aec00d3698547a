package dev.annex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.api.ExactSearchParameters;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.IvfSearchParameters;
import dev.annex.api.SearchParameters;
import dev.annex.api.VectorIndex;
import dev.annex.exact.ExactIndex;
import dev.annex.vector.Similarity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Index files committed under {@code src/test/resources/golden}, written by an earlier build:
 * each must still load and answer, so a format change that breaks files users already have
 * fails here. They hold 600 clustered 16-d vectors (TestData.clustered seed 2026, DOT) with
 * ordinals 3 and 77 deleted. To write them anew (only with a deliberate format version change):
 * {@code mvn -pl core test -Dtest=GoldenFileTest -Dannex.golden.write=core/src/test/resources/golden}.
 */
class GoldenFileTest {

    private static final float[][] DATA = TestData.clustered(600, 16, 8, 2026);
    private static final float[][] QUERIES = TestData.clustered(40, 16, 8, 2026, 2027);
    private static final Map<String, String> FILES = Map.of(
            "flat.annex", "Flat,threads1",
            "hnsw.annex", "HNSW8,efc64,seed5,threads1",
            "ivfpq.annex", "IVF8,PQ4x8,Rerank4,seed5,threads1,iter5");

    @Test
    void committedFilesLoadAndAnswer() throws Exception {
        String writeTo = System.getProperty("annex.golden.write");
        if (writeTo != null) {
            write(Path.of(writeTo));
        }
        ExactIndex oracle = new ExactIndex(16, Similarity.DOT, new dev.annex.api.FlatSpec(1));
        oracle.addAll(DATA);
        oracle.delete(3);
        oracle.delete(77);
        for (Map.Entry<String, String> golden : FILES.entrySet()) {
            Path file = Path.of(GoldenFileTest.class.getResource("/golden/" + golden.getKey()).toURI());
            for (boolean mapped : new boolean[] {false, true}) {
                try (VectorIndex index = Indexes.load(file, mapped)) {
                    assertEquals(golden.getValue(), index.factoryString(), golden.getKey());
                    assertEquals(DATA.length, index.size());
                    assertEquals(DATA.length - 2, index.liveCount());
                    double recall = 0;
                    for (float[] query : QUERIES) {
                        recall += TestData.recall(index.search(query, 10, parameters(index)),
                                oracle.search(query, 10, ExactSearchParameters.ALL), 10);
                    }
                    recall /= QUERIES.length;
                    assertTrue(recall >= 0.97, golden.getKey() + " recall " + recall);
                    if (golden.getKey().equals("flat.annex")) {
                        assertArrayEquals(oracle.search(QUERIES[0], 10, ExactSearchParameters.ALL).ordinals(),
                                index.search(QUERIES[0], 10, parameters(index)).ordinals());
                    }
                }
            }
        }
    }

    private static SearchParameters parameters(VectorIndex index) {
        return switch (index.spec()) {
            case dev.annex.api.FlatSpec flat -> ExactSearchParameters.ALL;
            case dev.annex.api.HnswSpec hnsw -> HnswSearchParameters.ef(64);
            case dev.annex.api.IvfPqSpec ivf -> IvfSearchParameters.nprobe(4);
        };
    }

    private static void write(Path directory) throws Exception {
        Files.createDirectories(directory);
        for (Map.Entry<String, String> golden : FILES.entrySet()) {
            try (VectorIndex index = Indexes.create(16, Similarity.DOT, golden.getValue())) {
                index.train(DATA);
                index.addAll(DATA);
                index.delete(3);
                index.delete(77);
                index.save(directory.resolve(golden.getKey()));
            }
        }
    }
}
