package dev.annex.bench.report;

import dev.annex.bench.ResultRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one engine configuration (same library and index column), in sweep order.
 *
 * @param library the CSV library
 * @param index   the CSV index
 * @param rows    its operating points
 */
public record Curve(String library, String index, List<ResultRow> rows) {

    /** {@code rows} grouped by library and index, in order of first appearance. */
    public static List<Curve> of(List<ResultRow> rows) {
        Map<String, List<ResultRow>> groups = new LinkedHashMap<>();
        for (ResultRow row : rows) {
            groups.computeIfAbsent(row.library() + "\u0000" + row.index(), key -> new ArrayList<>()).add(row);
        }
        List<Curve> curves = new ArrayList<>();
        for (List<ResultRow> group : groups.values()) {
            curves.add(new Curve(group.get(0).library(), group.get(0).index(), List.copyOf(group)));
        }
        return curves;
    }

    /** The name shown in legends and tables. */
    public String label() {
        return library + " " + index;
    }

    /** The fastest operating point whose recall reaches {@code target}, or null when none does. */
    public ResultRow fastestReaching(double target) {
        ResultRow best = null;
        for (ResultRow row : rows) {
            if (row.recallAt10() >= target && (best == null || row.qps() > best.qps())) {
                best = row;
            }
        }
        return best;
    }

    /**
     * The QPS at exactly {@code target} recall on the Pareto frontier: log-QPS interpolated
     * linearly in recall between the frontier points on either side, so a coarse ef grid does not
     * decide a comparison. The fastest point's QPS when it already reaches the target; NaN when no
     * point does.
     */
    public double interpolatedQps(double target) {
        List<ResultRow> frontier = paretoFrontier();
        ResultRow below = null;
        for (ResultRow row : frontier) {
            if (row.recallAt10() >= target) {
                if (below == null || row.recallAt10() == below.recallAt10()) {
                    return row.qps();
                }
                double position = (target - below.recallAt10()) / (row.recallAt10() - below.recallAt10());
                return Math.exp(Math.log(below.qps()) + position * (Math.log(row.qps()) - Math.log(below.qps())));
            }
            below = row;
        }
        return Double.NaN;
    }

    /** The operating points no other point beats on both recall and QPS, by increasing recall. */
    public List<ResultRow> paretoFrontier() {
        List<ResultRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingDouble(ResultRow::recallAt10).reversed().thenComparing(Comparator.comparingDouble(ResultRow::qps).reversed()));
        List<ResultRow> frontier = new ArrayList<>();
        double bestQps = -1;
        for (ResultRow row : sorted) {
            if (row.qps() > bestQps) {
                frontier.add(0, row);
                bestQps = row.qps();
            }
        }
        return frontier;
    }
}
