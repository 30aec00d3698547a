package dev.annex.bench.report;

import dev.annex.bench.BenchmarkException;
import dev.annex.bench.ResultRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redraws a dataset's summary table and plot from CSV files already written (the bench's and the
 * peers'), without measuring anything: {@code NAME OUT_DIR DESCRIPTION CSV...} writes
 * {@code OUT_DIR/NAME.md}, {@code .svg} and {@code .png}. A CSV given as {@code round=R:PATH}
 * counts as measured in round R (its rows' params gain {@code round=R}), so runs of separate
 * programs interleaved by hand (the native peers and the bench) get the rounds table.
 */
public final class ReportMain {

    private static final Pattern ROUND_TAGGED = Pattern.compile("round=(\\d+):(.+)");

    private ReportMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: ReportMain NAME OUT_DIR DESCRIPTION CSV...");
            System.exit(2);
        }
        try {
            List<ResultRow> rows = new ArrayList<>();
            for (int i = 3; i < args.length; i++) {
                Matcher tagged = ROUND_TAGGED.matcher(args[i]);
                if (tagged.matches()) {
                    String round = "round=" + tagged.group(1);
                    ResultRow.readCsv(Path.of(tagged.group(2))).forEach(row -> rows.add(row.withParams(round)));
                } else {
                    rows.addAll(ResultRow.readCsv(Path.of(args[i])));
                }
            }
            write(Path.of(args[1]), args[0], args[2], rows);
        } catch (BenchmarkException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Writes {@code outDir/name.md}, {@code .svg} and {@code .png} for {@code rows}; returns the summary written. */
    public static String write(Path outDir, String name, String description, List<ResultRow> rows) throws IOException {
        Files.createDirectories(outDir);
        List<Integer> rounds = RoundsTable.rounds(rows);
        List<ResultRow> firstRound = rounds.isEmpty() ? rows : RoundsTable.inRound(rows, rounds.get(0));
        String summary = SummaryTable.markdown(name, description + (rounds.isEmpty() ? "" : " Table and plot: round 1 of "
                + rounds.size() + "."), firstRound) + RoundsTable.markdown(rows);
        Files.writeString(outDir.resolve(name + ".md"), summary);
        new RecallQpsPlot(name, firstRound).write(outDir.resolve(name + ".svg"), outDir.resolve(name + ".png"));
        return summary;
    }
}
