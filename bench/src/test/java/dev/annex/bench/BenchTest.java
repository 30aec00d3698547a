package dev.annex.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.vector.Similarity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTest {

    @Test
    void recallCountsDistinctHitsAgainstTheFirstK() {
        assertEquals(1.0, Recall.atK(new int[] {3, 2, 1}, new int[] {1, 2, 3, 4}, 3));
        assertEquals(2.0 / 3, Recall.atK(new int[] {1, 2, 9}, new int[] {1, 2, 3}, 3), 1e-12);
        assertEquals(1.0 / 3, Recall.atK(new int[] {1, 1, 1}, new int[] {1, 2, 3}, 3), 1e-12, "duplicates count once");
        assertEquals(1.0 / 3, Recall.atK(new int[] {2}, new int[] {1, 2, 3}, 3), 1e-12, "fewer results than k");
        BenchmarkException e = assertThrows(BenchmarkException.class, () -> Recall.atK(new int[] {1}, new int[] {1}, 10));
        assertTrue(e.getMessage().contains("k=10"));
    }

    @Test
    void csvRowsRoundTripAndPeerRowsParse() throws Exception {
        ResultRow row = new ResultRow("annex", "HNSW", "M=16,efC=200,ef=10", 12.5, 2, 0.9512, 11000.5, 90.1, 150.2, 3300.4, 371.0);
        StringWriter text = new StringWriter();
        ResultRow.writeCsv(text, List.of(row));
        String[] lines = text.toString().split("\n");
        assertEquals(ResultRow.HEADER, lines[0]);
        assertEquals(row, ResultRow.parse(lines[1]));
        ResultRow peer = ResultRow.parse("hnswlib-native,HNSW,\"M=16,efC=200,ef=16\",12.20,2,0.9680,11700.0,85.0,120.0,3400.0");
        assertEquals("hnswlib-native", peer.library());
        assertEquals("M=16,efC=200,ef=16", peer.params());
        assertTrue(Double.isNaN(peer.evaluationsPerQuery()));
    }

    @Test
    void texmexFilesRoundTripAndBadFilesAreNamed(@TempDir Path dir) throws Exception {
        float[][] vectors = {{1, 2, 3}, {4, 5, 6}};
        Path fvecs = dir.resolve("v.fvecs");
        TexmexFiles.writeFvecs(fvecs, vectors);
        assertArrayEquals(vectors, TexmexFiles.readFvecs(fvecs));
        Path broken = dir.resolve("broken.fvecs");
        Files.write(broken, java.util.Arrays.copyOf(Files.readAllBytes(fvecs), 20));
        BenchmarkException e = assertThrows(BenchmarkException.class, () -> TexmexFiles.readFvecs(broken));
        assertTrue(e.getMessage().contains("broken.fvecs"), e.getMessage());
        BenchmarkException missing = assertThrows(BenchmarkException.class, () -> TexmexFiles.readFvecs(dir.resolve("none.fvecs")));
        assertTrue(missing.getMessage().contains("missing file"), missing.getMessage());
    }

    /** A tiny Texmex dataset without ground truth: the runner computes and caches it, and reaches recall 1.0 at a generous ef. */
    @Test
    void runnerAnswersATinyDatasetExactly(@TempDir Path dir) throws Exception {
        Path data = writeWithoutGroundTruth(dir, "tiny-l2", Dataset.synthetic(2_000, 50, 16, Similarity.L2, 9L, 2));
        Path csv = dir.resolve("out.csv");
        List<ResultRow> rows = SweepRunner.run(new String[] {"--data-dir", dir.toString(), "--dataset", "tiny-l2",
                "--ef", "10,400", "--efc", "100", "--out", csv.toString()}, new PrintStream(new ByteArrayOutputStream()));
        assertTrue(Files.exists(data.resolve("tiny-l2_groundtruth.ivecs")), "ground truth cached next to the data");
        assertEquals(1.0, rows.get(1).recallAt10(), 1e-9);
        assertTrue(rows.get(1).recallAt10() >= rows.get(0).recallAt10());
        assertEquals(3, Files.readAllLines(csv).size());
    }

    /** IVF-PQ and the exact index through the runner: probing every list with generous re-ranking, and brute force, find all. */
    @Test
    void runnerSweepsIvfPqAndFlat(@TempDir Path dir) throws Exception {
        writeWithoutGroundTruth(dir, "tiny-cosine", Dataset.synthetic(3_000, 40, 16, Similarity.COSINE, 10L, 2));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        List<ResultRow> ivf = SweepRunner.run(new String[] {"--data-dir", dir.toString(), "--dataset", "tiny-cosine", "--index", "ivfpq",
                "--nlist", "16", "--pq-m", "4", "--nprobe", "2,16", "--rerank", "0,50", "--out", dir.resolve("ivf.csv").toString()}, quiet);
        assertEquals(4, ivf.size());
        assertEquals("IVF16,PQ4x8", ivf.get(0).index());
        assertEquals("IVF16,PQ4x8,RFlat", ivf.get(3).index());
        assertTrue(ivf.get(3).bytesPerVector() > ivf.get(0).bytesPerVector() + 4 * 16, "re-ranking rows count the kept vectors");
        assertTrue(ivf.get(0).params().contains("nprobe=2,rerank=0"), ivf.get(0).params());
        assertEquals(1.0, ivf.get(3).recallAt10(), 1e-9, "all lists, re-ranking 500 candidates");
        List<ResultRow> flat = SweepRunner.run(new String[] {"--data-dir", dir.toString(), "--dataset", "tiny-cosine", "--index", "flat",
                "--out", dir.resolve("flat.csv").toString()}, quiet);
        assertEquals(1.0, flat.get(0).recallAt10(), 1e-9);
    }

    @Test
    void runnerRejectsBadInputWithClearMessages(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertMessage(() -> SweepRunner.run(new String[] {"--bogus"}, quiet), "unknown option --bogus");
        assertMessage(() -> SweepRunner.run(new String[] {"--m", "x"}, quiet), "--m must be a whole number");
        assertMessage(() -> SweepRunner.run(new String[] {"--data-dir", dir.toString(), "--dataset", "nothing-l2"}, quiet),
                "no dataset directory");
        assertMessage(() -> SweepRunner.run(new String[] {"--metric", "hamming"}, quiet), "unknown metric 'hamming'");
        assertMessage(() -> SweepRunner.run(new String[] {"--index", "annoy"}, quiet), "unknown index 'annoy'");

        Path data = dir.resolve("mismatch-l2");
        Files.createDirectories(data);
        TexmexFiles.writeFvecs(data.resolve("mismatch-l2_base.fvecs"), new float[][] {{1, 2, 3}});
        TexmexFiles.writeFvecs(data.resolve("mismatch-l2_query.fvecs"), new float[][] {{1, 2}});
        assertMessage(() -> SweepRunner.run(new String[] {"--data-dir", dir.toString(), "--dataset", "mismatch-l2"}, quiet),
                "dimension 3 but queries have 2");

        Path shallow = dir.resolve("shallow-l2");
        Files.createDirectories(shallow);
        TexmexFiles.writeFvecs(shallow.resolve("shallow-l2_base.fvecs"), new float[][] {{1, 2}, {3, 4}});
        TexmexFiles.writeFvecs(shallow.resolve("shallow-l2_query.fvecs"), new float[][] {{1, 2}});
        TexmexFiles.writeIvecs(shallow.resolve("shallow-l2_groundtruth.ivecs"), new int[][] {{0, 1}});
        assertMessage(() -> SweepRunner.run(new String[] {"--data-dir", dir.toString(), "--dataset", "shallow-l2"}, quiet),
                "fewer than k=10");
    }

    /** Writes {@code dataset}'s base and queries as the Texmex dataset {@code name} under {@code dir}; returns its directory. */
    private static Path writeWithoutGroundTruth(Path dir, String name, Dataset dataset) throws Exception {
        Path data = dir.resolve(name);
        Files.createDirectories(data);
        TexmexFiles.writeFvecs(data.resolve(name + "_base.fvecs"), dataset.base());
        TexmexFiles.writeFvecs(data.resolve(name + "_query.fvecs"), dataset.queries());
        return data;
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        BenchmarkException e = assertThrows(BenchmarkException.class, call);
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention '" + fragment + "'");
    }
}
