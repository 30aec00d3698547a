package dev.annex.bench.report;

import dev.annex.bench.ResultRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Markdown table of a sweep measured in interleaved rounds ({@code --rounds}): per engine
 * configuration, the QPS interpolated at recall 0.95 and 0.99 as the median and range over the
 * rounds; then the first configuration (the sweep's first engine) against each other one, as
 * the ratio in every round. A ratio is called a lead only when no round is behind (below 1.0),
 * whatever the median says. Rows without a round (peers measured elsewhere) count in every round.
 */
public final class RoundsTable {

    private static final Pattern ROUND = Pattern.compile("(?:^|,)round=(\\d+)(?:,|$)");
    private static final double[] TARGETS = {0.95, 0.99};

    private RoundsTable() {
    }

    /** The round a row was measured in, or 0 for a row measured outside the rounds. */
    public static int roundOf(ResultRow row) {
        Matcher matcher = ROUND.matcher(row.params());
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /** Rows of round {@code round} and those outside the rounds. */
    public static List<ResultRow> inRound(List<ResultRow> rows, int round) {
        return rows.stream().filter(row -> roundOf(row) == round || roundOf(row) == 0).toList();
    }

    /** The rounds present in {@code rows}, ascending (empty when the sweep had one). */
    public static List<Integer> rounds(List<ResultRow> rows) {
        return rows.stream().map(RoundsTable::roundOf).filter(round -> round > 0).distinct().sorted().toList();
    }

    /** The table, or an empty string when {@code rows} hold fewer than two rounds. */
    public static String markdown(List<ResultRow> rows) {
        List<Integer> rounds = rounds(rows);
        if (rounds.size() < 2) {
            return "";
        }
        // label -> round -> QPS at each target
        Map<String, Map<Integer, double[]>> qps = new java.util.LinkedHashMap<>();
        for (int round : rounds) {
            for (Curve curve : Curve.of(inRound(rows, round))) {
                double[] atTargets = Arrays.stream(TARGETS).map(curve::interpolatedQps).toArray();
                qps.computeIfAbsent(curve.label(), label -> new TreeMap<>()).put(round, atTargets);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("\n### ").append(rounds.size()).append(" interleaved rounds\n\n");
        out.append("| engine | QPS @ 0.95, median (range) | QPS @ 0.99, median (range) |\n|---|---:|---:|\n");
        for (Map.Entry<String, Map<Integer, double[]>> curve : qps.entrySet()) {
            out.append("| ").append(curve.getKey());
            for (int t = 0; t < TARGETS.length; t++) {
                int target = t;
                out.append(" | ").append(spread(curve.getValue().values().stream().mapToDouble(values -> values[target]).toArray(), "%,.0f"));
            }
            out.append(" |\n");
        }
        List<String> labels = new ArrayList<>(qps.keySet());
        String reference = labels.get(0);
        out.append("\n| ").append(reference).append(" against | ratio @ 0.95 per round | median | verdict "
                + "| ratio @ 0.99 per round | median | verdict |\n|---|---|---:|---|---|---:|---|\n");
        for (String other : labels.subList(1, labels.size())) {
            out.append("| ").append(other);
            for (int t = 0; t < TARGETS.length; t++) {
                double[] ratios = new double[rounds.size()];
                for (int r = 0; r < rounds.size(); r++) {
                    double[] mine = qps.get(reference).get(rounds.get(r));
                    double[] theirs = qps.get(other).get(rounds.get(r));
                    ratios[r] = mine == null || theirs == null ? Double.NaN : mine[t] / theirs[t];
                }
                out.append(" | ").append(String.join(", ", Arrays.stream(ratios).mapToObj(ratio -> format(ratio, "%.2f")).toList()))
                        .append(" | ").append(format(median(ratios), "%.2f")).append(" | ").append(verdict(ratios));
            }
            out.append(" |\n");
        }
        return out.toString();
    }

    private static String verdict(double[] ratios) {
        if (Arrays.stream(ratios).anyMatch(Double::isNaN)) {
            return "a side misses the target";
        }
        return Arrays.stream(ratios).allMatch(ratio -> ratio >= 1.0) ? "lead" : "no lead (a round is behind)";
    }

    private static String spread(double[] values, String pattern) {
        if (Arrays.stream(values).anyMatch(Double::isNaN)) {
            return "-";
        }
        return format(median(values), pattern) + " (" + format(Arrays.stream(values).min().orElseThrow(), pattern) + "–"
                + format(Arrays.stream(values).max().orElseThrow(), pattern) + ")";
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String format(double value, String pattern) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, pattern, value);
    }
}
