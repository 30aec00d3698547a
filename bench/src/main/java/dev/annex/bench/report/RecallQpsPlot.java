package dev.annex.bench.report;

import dev.annex.bench.ResultRow;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Recall@10 against single-thread queries per second, as ann-benchmarks draws it: recall on the
 * x axis, QPS on a logarithmic y axis, one line per engine configuration through the operating
 * points no other point of it beats on both. The recall axis is logit-like, -log10(1 - recall),
 * so that 0.9, 0.99 and 0.999 are equally far apart and the region where engines differ is not
 * squeezed against the right edge; recall 1 is drawn at the right edge, 0.9999.
 */
public final class RecallQpsPlot {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 300;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color AXIS = new Color(0x33, 0x33, 0x33);
    private static final Color GRID = new Color(0xcc, 0xcc, 0xcc);
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22), new Color(0x7f7f7f)};

    private final String title;
    private final List<Curve> curves;
    private static final double[] RECALL_TICKS = {0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 0.9999};
    private static final double MAX_RECALL = 0.9999;

    private final double minRecall;
    private final double minLogQps;
    private final double maxLogQps;

    /** A plot titled {@code title} of {@code rows}, which must hold at least one row. */
    public RecallQpsPlot(String title, List<ResultRow> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot for " + title);
        }
        this.title = title;
        this.curves = Curve.of(rows);
        double lowestRecall = rows.stream().mapToDouble(ResultRow::recallAt10).min().orElseThrow();
        double tick = 0;
        for (double candidate : RECALL_TICKS) {
            if (candidate <= lowestRecall && candidate <= 0.9) {
                tick = candidate;
            }
        }
        this.minRecall = tick;
        this.minLogQps = Math.floor(Math.log10(rows.stream().mapToDouble(ResultRow::qps).min().orElseThrow()));
        this.maxLogQps = Math.max(minLogQps + 1, Math.ceil(Math.log10(rows.stream().mapToDouble(ResultRow::qps).max().orElseThrow())));
    }

    /** Writes the plot as SVG to {@code svg} and as PNG to {@code png}. */
    public void write(Path svg, Path png) throws IOException {
        SvgCanvas vector = new SvgCanvas(WIDTH, HEIGHT);
        draw(vector);
        Files.writeString(svg, vector.document());
        ImageCanvas raster = new ImageCanvas(WIDTH, HEIGHT);
        draw(raster);
        if (!ImageIO.write(raster.image(), "png", png.toFile())) {
            throw new IOException("this JDK has no PNG writer");
        }
    }

    /** Draws the whole plot onto {@code canvas}. */
    public void draw(PlotCanvas canvas) {
        double plotRight = WIDTH - RIGHT;
        double plotBottom = HEIGHT - BOTTOM;
        canvas.text(WIDTH / 2.0 - RIGHT / 2.0, TOP - 20, title, 16, PlotCanvas.Anchor.MIDDLE, false);
        for (double recall : RECALL_TICKS) {
            if (recall >= minRecall) {
                double x = x(recall);
                canvas.line(x, TOP, x, plotBottom, GRID, 1f, true);
                String label = recall == MAX_RECALL ? "1" : String.valueOf(recall);
                canvas.text(x, plotBottom + 18, label, 12, PlotCanvas.Anchor.MIDDLE, false);
            }
        }
        for (double decade = minLogQps; decade <= maxLogQps + 1e-9; decade++) {
            for (int step : new int[] {1, 2, 5}) {
                double logQps = decade + Math.log10(step);
                if (logQps > maxLogQps + 1e-9) {
                    break;
                }
                double y = y(Math.pow(10, logQps));
                canvas.line(LEFT, y, plotRight, y, GRID, step == 1 ? 1f : 0.5f, true);
                canvas.text(LEFT - 6, y + 4, String.format(Locale.ROOT, "%,.0f", Math.pow(10, logQps)), 11, PlotCanvas.Anchor.END, false);
            }
        }
        canvas.line(LEFT, plotBottom, plotRight, plotBottom, AXIS, 1.5f, false);
        canvas.line(LEFT, TOP, LEFT, plotBottom, AXIS, 1.5f, false);
        canvas.text((LEFT + plotRight) / 2, HEIGHT - 18, "Recall@10 (axis stretched toward 1)", 13, PlotCanvas.Anchor.MIDDLE, false);
        canvas.text(20, (TOP + plotBottom) / 2, "Queries per second, one thread (log scale)", 13, PlotCanvas.Anchor.MIDDLE, true);
        canvas.box(plotRight + 16, TOP, RIGHT - 28, 22.0 * curves.size() + 12, GRID);
        for (int c = 0; c < curves.size(); c++) {
            Curve curve = curves.get(c);
            Color color = PALETTE[c % PALETTE.length];
            List<ResultRow> frontier = curve.paretoFrontier();
            double[] xs = new double[frontier.size()];
            double[] ys = new double[frontier.size()];
            for (int i = 0; i < frontier.size(); i++) {
                xs[i] = x(frontier.get(i).recallAt10());
                ys[i] = y(frontier.get(i).qps());
                canvas.dot(xs[i], ys[i], 3.5, color);
            }
            canvas.polyline(xs, ys, color, 2f);
            double legendY = TOP + 22.0 * c + 20;
            canvas.line(plotRight + 26, legendY - 4, plotRight + 50, legendY - 4, color, 2f, false);
            canvas.dot(plotRight + 38, legendY - 4, 3.5, color);
            canvas.text(plotRight + 58, legendY, curve.label(), 12, PlotCanvas.Anchor.START, false);
        }
    }

    private double x(double recall) {
        return LEFT + (stretch(recall) - stretch(minRecall)) / (stretch(MAX_RECALL) - stretch(minRecall)) * (WIDTH - RIGHT - LEFT);
    }

    private static double stretch(double recall) {
        return -Math.log10(1 - Math.min(recall, MAX_RECALL));
    }

    private double y(double qps) {
        return HEIGHT - BOTTOM - (Math.log10(qps) - minLogQps) / (maxLogQps - minLogQps) * (HEIGHT - BOTTOM - TOP);
    }
}
