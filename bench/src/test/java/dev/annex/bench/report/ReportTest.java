package dev.annex.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.bench.ResultRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static ResultRow row(String library, double recall, double qps) {
        return new ResultRow(library, "HNSW", "ef=" + (int) (recall * 100), 10, 2, recall, qps, 1e6 / qps, 2e6 / qps, 3000, 100, 2, 2 * qps);
    }

    private static final List<ResultRow> ROWS = List.of(
            row("annex", 0.85, 9000), row("annex", 0.93, 7000), row("annex", 0.96, 5000), row("annex", 0.995, 2000),
            row("lucene", 0.91, 6000), row("lucene", 0.97, 3000), row("lucene", 0.94, 2500));

    @Test
    void summaryReportsInterpolatedQpsAndTheFastestPointReachingEachTarget() {
        String table = SummaryTable.markdown("set", "about it", ROWS);
        // annex at 0.95: log-QPS between (0.93, 7,000) and (0.96, 5,000), two thirds of the way: 5,593.
        assertTrue(table.contains("| annex HNSW | 7,692 | 5,593 | 2,280 | 7,000 (0.930) | 5,000 (0.960) | 2,000 (0.995) "
                + "| 10,000 (2 threads) | 10.0 (2) | 3,000 |"), table);
        assertTrue(table.contains("| lucene HNSW | 6,000 | 3,780 | - | 6,000 (0.910) | 3,000 (0.970) | - |"), table);
        String short95 = SummaryTable.markdown("set", "about it", List.of(row("faiss", 0.5, 100)));
        assertTrue(short95.contains("| - | - | - | 10.0 (2) |"), "no point at 0.95: no throughput, not 'single-thread': " + short95);
        ResultRow singleThread = new ResultRow("faiss", "HNSW", "ef=99", 10, 2, 0.99, 100, 1e4, 2e4, 3000, 100, 0, Double.NaN);
        assertTrue(SummaryTable.markdown("set", "about it", List.of(singleThread)).contains("| single-thread only |"));
    }

    @Test
    void curvesGroupByEngineAndKeepTheirParetoFrontier() {
        List<Curve> curves = Curve.of(ROWS);
        assertEquals(2, curves.size());
        Curve lucene = curves.get(1);
        assertEquals(List.of(0.91, 0.97), lucene.paretoFrontier().stream().map(ResultRow::recallAt10).toList(),
                "0.94 at 2,500 QPS is beaten by 0.97 at 3,000");
        assertNull(lucene.fastestReaching(0.99));
    }

    @Test
    void plotIsWrittenAsSvgAndPngWithEachCurveInItsColour(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("set.svg");
        Path png = dir.resolve("set.png");
        new RecallQpsPlot("set", ROWS).write(svg, png);
        String document = Files.readString(svg);
        assertTrue(document.contains("<svg") && document.trim().endsWith("</svg>"), document);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(960, image.getWidth());
        assertEquals(600, image.getHeight());
        for (int curve = 0; curve < 2; curve++) {
            int rgb = RecallQpsPlot.PALETTE[curve].getRGB();
            long pixels = java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
                    .filter(i -> image.getRGB(i % image.getWidth(), i / image.getWidth()) == rgb).count();
            assertTrue(pixels > 20, "curve " + curve + " is drawn in its colour: " + pixels + " pixels");
        }
    }

    /** Each engine at recall 0.94 and 0.999 with {@code qps}, tagged as measured in {@code round}. */
    private static List<ResultRow> round(String library, int round, double qps) {
        return List.of(row(library, 0.94, qps).withParams("round=" + round), row(library, 0.999, qps / 4).withParams("round=" + round));
    }

    @Test
    void roundsGiveMediansRangesAndCallALeadOnlyWhenNoRoundIsBehind() {
        List<ResultRow> rows = new java.util.ArrayList<>();
        double[] annex = {1200, 1300, 900};
        for (int r = 1; r <= 3; r++) {
            rows.addAll(round("annex", r, annex[r - 1]));
            rows.addAll(round("lucene", r, 1000));
            rows.addAll(round("jvector", r, 500));
        }
        rows.add(row("hnswlib-native", 0.93, 100));
        String table = RoundsTable.markdown(rows);
        // 0.95 lies between 0.94 and 0.999: the same interpolation in every round, so the ratios are the QPS ratios.
        assertTrue(table.contains("### 3 interleaved rounds"), table);
        assertTrue(table.contains("| lucene HNSW | 1.20, 1.30, 0.90 | 1.20 | no lead (a round is behind) |"), table);
        assertTrue(table.contains("| jvector HNSW | 2.40, 2.60, 1.80 | 2.40 | lead |"), table);
        assertTrue(table.contains("| hnswlib-native HNSW | -, -, - | - | a side misses the target |"), "a peer measured once that never reaches 0.95: " + table);
        assertEquals(List.of(1, 2, 3), RoundsTable.rounds(rows));
        assertEquals("", RoundsTable.markdown(ROWS), "no rounds, no table");
    }
}
