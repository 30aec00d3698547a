package dev.annex.bench.report;

import dev.annex.bench.ResultRow;
import java.util.List;
import java.util.Locale;

/**
 * The Markdown summary of a sweep: per engine configuration, the single-thread QPS interpolated
 * at recall@10 of 0.90, 0.95 and 0.99 on its frontier ({@link Curve#interpolatedQps}), the QPS of
 * the fastest operating point reaching each (its recall in brackets, a dash when none reaches
 * it), the multi-thread throughput at 0.95, build time and bytes per vector.
 */
public final class SummaryTable {

    /** The recall targets the table reports. */
    public static final double[] TARGETS = {0.90, 0.95, 0.99};

    private SummaryTable() {
    }

    /** The table for {@code rows}, under a heading {@code title} and a line {@code description}. */
    public static String markdown(String title, String description, List<ResultRow> rows) {
        StringBuilder out = new StringBuilder();
        out.append("## ").append(title).append("\n\n").append(description).append("\n\n");
        out.append("| engine | interpolated QPS @ 0.90 | @ 0.95 | @ 0.99 | first point @ 0.90 | @ 0.95 | @ 0.99 "
                + "| throughput @ 0.95 | build s (threads) | bytes/vector |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Curve curve : Curve.of(rows)) {
            out.append("| ").append(curve.label());
            for (double target : TARGETS) {
                double qps = curve.interpolatedQps(target);
                out.append(" | ").append(Double.isNaN(qps) ? "-" : String.format(Locale.ROOT, "%,.0f", qps));
            }
            for (double target : TARGETS) {
                ResultRow row = curve.fastestReaching(target);
                out.append(" | ").append(row == null ? "-" : String.format(Locale.ROOT, "%,.0f (%.3f)", row.qps(), row.recallAt10()));
            }
            ResultRow at95 = curve.fastestReaching(0.95);
            out.append(" | ").append(at95 == null ? "-" : Double.isNaN(at95.throughputQps()) ? "single-thread only"
                    : String.format(Locale.ROOT, "%,.0f (%d threads)", at95.throughputQps(), at95.searchThreads()));
            ResultRow first = curve.rows().get(0);
            out.append(String.format(Locale.ROOT, " | %.1f (%d) | %,.0f |\n", first.buildSeconds(), first.threads(), first.bytesPerVector()));
        }
        return out.toString();
    }
}
