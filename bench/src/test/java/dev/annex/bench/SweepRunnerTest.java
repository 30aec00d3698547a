package dev.annex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepRunnerTest {

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    /**
     * One run over a Texmex directory without ground truth and every engine: the truth is computed
     * and cached, each engine's rows land in one CSV, and the summary and both plots are written.
     */
    @Test
    void sweepsEveryEngineAndWritesCsvSummaryAndPlots(@TempDir Path dir) throws Exception {
        Dataset source = Dataset.synthetic("clustered-2000-16-l2", 9L, 2);
        Path data = dir.resolve("tiny-l2");
        Files.createDirectories(data);
        TexmexFiles.writeFvecs(data.resolve("tiny-l2_base.fvecs"), source.base());
        TexmexFiles.writeFvecs(data.resolve("tiny-l2_query.fvecs"), source.queries());
        Path peer = dir.resolve("tiny-l2-peer.csv");
        Files.writeString(peer, "library,index,params,build_s,threads,recall_at_10,qps,mean_us,p99_us,bytes_per_vector\n"
                + "hnswlib-native,HNSW,\"M=16,efC=100,ef=16\",1.00,2,0.9000,5000.0,200.0,400.0,200.0\n");
        Path out = dir.resolve("out");
        List<ResultRow> rows = SweepRunner.run(new String[] {"--data-dir", dir.toString(), "--dataset", "tiny-l2", "--queries", "200",
                "--efc", "100", "--ef", "10,300", "--nlist", "16", "--pq-m", "4", "--nprobe", "2,16", "--rerank", "0,50",
                "--search-threads", "2", "--peers", peer.toString(), "--out", out.toString(), "--rounds", "2"}, QUIET);

        assertTrue(Files.exists(data.resolve("tiny-l2_groundtruth.ivecs")), "ground truth cached next to the data");
        assertEquals(List.of("annex", "jvector", "lucene"), rows.stream().map(ResultRow::library).distinct().sorted().toList());
        assertEquals(2 * (2 + 4 + 1 + 2 + 2), rows.size(), "2 rounds of hnsw 2 ef, ivfpq 2 nprobe x 2 rerank, flat, jvector 2 ef, lucene 2 ef");
        assertEquals(List.of(1, 2), rows.stream().map(dev.annex.bench.report.RoundsTable::roundOf).distinct().sorted().toList());
        for (ResultRow row : rows) {
            assertEquals(2, row.searchThreads());
            assertTrue(row.throughputQps() > 0 && row.qps() > 0 && row.p99Micros() >= row.meanMicros() * 0.5, row.toString());
            assertTrue(row.params().contains("machine=[") && row.params().contains("cores, JDK"), row.params());
            assertTrue(row.evaluationsPerQuery() > 0, "every engine reports its evaluations: " + row);
        }
        assertEquals(rows.stream().map(ResultRow::toCsv).toList(),
                ResultRow.readCsv(out.resolve("tiny-l2.csv")).stream().map(ResultRow::toCsv).toList());
        String summary = Files.readString(out.resolve("tiny-l2.md"));
        assertTrue(summary.contains("Machine: ") && summary.contains("kernels ") && summary.contains("### 2 interleaved rounds"), summary);
        for (String engine : List.of("annex HNSW", "annex IVF16,PQ4x8,RFlat", "annex Flat", "jvector HNSW", "lucene HNSW", "hnswlib-native HNSW")) {
            assertTrue(summary.contains("| " + engine + " |"), engine + " in\n" + summary);
        }
        String svg = Files.readString(out.resolve("tiny-l2.svg"));
        assertTrue(svg.contains("<svg") && svg.trim().endsWith("</svg>"), svg);
        byte[] png = Files.readAllBytes(out.resolve("tiny-l2.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    /** With one search thread there is no throughput pass: each console line says so, never "NaN QPS with 0 threads". */
    @Test
    void singleThreadSweepSaysSoOnEveryLine(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<ResultRow> rows = SweepRunner.run(new String[] {"--data-dir", dir.toString(), "--dataset", "clustered-600-8-l2",
                "--engines", "annex-flat", "--search-threads", "1", "--out", dir.resolve("out").toString()},
                new PrintStream(console, true));
        String printed = console.toString();
        assertEquals(1, rows.size());
        assertTrue(printed.contains("single-thread only") && !printed.contains("NaN QPS"), printed);
    }

    /** Every option is checked before any data is read or generated: a bad value fails at once, and nothing is written. */
    @Test
    void rejectsBadInputWithClearMessages(@TempDir Path dir) throws Exception {
        assertMessage(new String[] {"--bogus", "1"}, "Unknown options: '--bogus'");
        assertMessage(new String[] {"--m"}, "Missing required parameter for option '--m'");
        assertMessage(new String[] {"--m", "x"}, "Invalid value for option '--m': 'x' is not an int");
        assertMessage(new String[] {"--data-dir", dir.resolve("untouched").toString(), "--ef", "10,0"}, "--ef must be > 0, got 0");
        assertMessage(new String[] {"--data-dir", dir.resolve("untouched").toString(), "--rerank", "-1"}, "--rerank must be >= 0, got -1");
        assertTrue(Files.notExists(dir.resolve("untouched")), "no synthetic data generated before the options were checked");
        assertMessage(new String[] {"--engines", "annex-hnsw,annoy"}, "unknown engine 'annoy'");
        assertMessage(new String[] {"--metric", "hamming"}, "unknown metric 'hamming'");
        assertMessage(new String[] {"--data-dir", dir.toString(), "--dataset", "nothing-l2"}, "no dataset directory");
        assertMessage(new String[] {"--dataset", dir.resolve("absent.hdf5").toString()}, "missing file");
        assertMessage(new String[] {"--peers", dir.resolve("absent.csv").toString()}, "missing file");

        Path mismatch = dir.resolve("mismatch-l2");
        Files.createDirectories(mismatch);
        TexmexFiles.writeFvecs(mismatch.resolve("mismatch-l2_base.fvecs"), new float[][] {{1, 2, 3}});
        TexmexFiles.writeFvecs(mismatch.resolve("mismatch-l2_query.fvecs"), new float[][] {{1, 2}});
        assertMessage(new String[] {"--data-dir", dir.toString(), "--dataset", "mismatch-l2"}, "dimension 3 but queries have 2");

        Path shallow = dir.resolve("shallow-l2");
        Files.createDirectories(shallow);
        TexmexFiles.writeFvecs(shallow.resolve("shallow-l2_base.fvecs"), new float[][] {{1, 2}, {3, 4}});
        TexmexFiles.writeFvecs(shallow.resolve("shallow-l2_query.fvecs"), new float[][] {{1, 2}});
        TexmexFiles.writeIvecs(shallow.resolve("shallow-l2_groundtruth.ivecs"), new int[][] {{0, 1}});
        assertMessage(new String[] {"--data-dir", dir.toString(), "--dataset", "shallow-l2"}, "fewer than k=10");
    }

    private static void assertMessage(String[] args, String fragment) {
        BenchmarkException e = assertThrows(BenchmarkException.class, () -> SweepRunner.run(args, QUIET));
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention '" + fragment + "'");
    }
}
