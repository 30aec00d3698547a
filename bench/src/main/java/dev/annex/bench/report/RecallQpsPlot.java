package dev.annex.bench.report;

import dev.annex.bench.ResultRow;
import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Recall@10 against single-thread queries per second, as ann-benchmarks draws it, drawn with
 * XChart: recall on the x axis, QPS on a logarithmic y axis, one line per engine configuration
 * through the operating points no other point of it beats on both. The recall axis is
 * logit-like, -log10(1 - recall), so that 0.9, 0.99 and 0.999 are equally far apart and the
 * region where engines differ is not squeezed against the right edge; recall 1 is drawn at
 * 0.9999.
 */
public final class RecallQpsPlot {

    private static final double MAX_RECALL = 0.9999;
    /** Line colours, one per curve in order. */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22), new Color(0x7f7f7f)};

    private final XYChart chart;

    /** A plot titled {@code title} of {@code rows}, which must hold at least one row. */
    public RecallQpsPlot(String title, List<ResultRow> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot for " + title);
        }
        chart = new XYChartBuilder().width(960).height(600).title(title)
                .xAxisTitle("Recall@10 (axis stretched toward 1)").yAxisTitle("Queries per second, one thread (log scale)")
                .build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setYAxisLogarithmic(true);
        styler.setXAxisMin(0.0);
        styler.setXAxisMax(stretch(MAX_RECALL));
        styler.setYAxisDecimalPattern("#,###");
        // Wide tick spacing puts the ticks on whole numbers of the stretched axis: recall 0, 0.9, 0.99, 0.999, 1.
        styler.setXAxisTickMarkSpacingHint(140);
        styler.setxAxisTickLabelsFormattingFunction(RecallQpsPlot::recallLabel);
        List<Curve> curves = Curve.of(rows);
        for (int c = 0; c < curves.size(); c++) {
            List<ResultRow> frontier = curves.get(c).paretoFrontier();
            double[] xs = frontier.stream().mapToDouble(row -> stretch(row.recallAt10())).toArray();
            double[] ys = frontier.stream().mapToDouble(ResultRow::qps).toArray();
            XYSeries series = chart.addSeries(curves.get(c).label(), xs, ys);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setLineColor(PALETTE[c % PALETTE.length]);
            series.setMarkerColor(PALETTE[c % PALETTE.length]);
        }
    }

    /** Writes the plot as SVG to {@code svg} and as PNG to {@code png}. */
    public void write(Path svg, Path png) throws IOException {
        try (OutputStream out = Files.newOutputStream(svg)) {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** The recall at a point of the stretched axis: 1 → 0.9, 2 → 0.99, 4 → 1. */
    private static String recallLabel(double stretched) {
        if (stretched >= stretch(MAX_RECALL) - 1e-9) {
            return "1";
        }
        return BigDecimal.valueOf(1 - Math.pow(10, -stretched)).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static double stretch(double recall) {
        return -Math.log10(1 - Math.min(recall, MAX_RECALL));
    }
}
