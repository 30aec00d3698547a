package dev.annex.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.bench.ResultRow;
import java.util.List;
import org.junit.jupiter.api.Test;

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
    void svgHasOneLinePerCurveAndALegendEntryEach() {
        SvgCanvas canvas = new SvgCanvas(960, 600);
        new RecallQpsPlot("set", ROWS).draw(canvas);
        String svg = canvas.document();
        assertEquals(2, svg.split("<polyline").length - 1);
        assertTrue(svg.contains(">annex HNSW</text>") && svg.contains(">lucene HNSW</text>"), svg);
        assertTrue(svg.contains(">1,000</text>") && svg.contains(">10,000</text>"), "log QPS axis labelled by decades");
    }
}
