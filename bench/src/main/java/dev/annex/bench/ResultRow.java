package dev.annex.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One operating point of one engine, in the CSV schema every runner shares (Annex's bench and
 * the FAISS/hnswlib peers): library, index, params, build_s, threads, recall_at_10, qps,
 * mean_us, p99_us, bytes_per_vector; then the bench's extra columns: similarity evaluations per
 * query (NaN where the engine does not say), the threads of the throughput pass and its queries
 * per second (NaN when there was none). Peers' rows, without the extra columns, parse with NaN there.
 *
 * @param searchThreads threads of the throughput pass, 0 when there was none
 */
public record ResultRow(String library, String index, String params, double buildSeconds, int threads,
                        double recallAt10, double qps, double meanMicros, double p99Micros, double bytesPerVector,
                        double evaluationsPerQuery, int searchThreads, double throughputQps) {

    /** This row with {@code extra} appended to its params. */
    public ResultRow withParams(String extra) {
        return new ResultRow(library, index, params + "," + extra, buildSeconds, threads, recallAt10, qps, meanMicros, p99Micros,
                bytesPerVector, evaluationsPerQuery, searchThreads, throughputQps);
    }

    /** The header line, without a line break. */
    public static final String HEADER = "library,index,params,build_s,threads,recall_at_10,qps,mean_us,p99_us,bytes_per_vector,"
            + "evaluations_per_query,search_threads,throughput_qps";

    /** This row as a CSV line, without a line break; the text columns are quoted. */
    public String toCsv() {
        return String.format(Locale.ROOT, "%s,%s,%s,%.2f,%d,%.4f,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%.1f", quoted(library), quoted(index),
                quoted(params), buildSeconds, threads, recallAt10, qps, meanMicros, p99Micros, bytesPerVector,
                evaluationsPerQuery, searchThreads, throughputQps);
    }

    /** Writes the header and {@code rows}. */
    public static void writeCsv(Writer out, Iterable<ResultRow> rows) throws IOException {
        out.write(HEADER + "\n");
        for (ResultRow row : rows) {
            out.write(row.toCsv() + "\n");
        }
    }

    /** Parses a line written by {@link #toCsv()} (or a peer's row, with the extra column absent). */
    public static ResultRow parse(String line) {
        String[] fields = splitCsv(line);
        if (fields.length < 10) {
            throw new BenchmarkException("CSV row has " + fields.length + " fields, the schema has at least 10: " + line);
        }
        try {
            return new ResultRow(fields[0], fields[1], fields[2], Double.parseDouble(fields[3]), Integer.parseInt(fields[4]),
                    Double.parseDouble(fields[5]), Double.parseDouble(fields[6]), Double.parseDouble(fields[7]),
                    Double.parseDouble(fields[8]), Double.parseDouble(fields[9]),
                    optional(fields, 10), fields.length > 11 ? Integer.parseInt(fields[11]) : 0, optional(fields, 12));
        } catch (NumberFormatException e) {
            throw new BenchmarkException("CSV row has a malformed number (" + e.getMessage() + "): " + line);
        }
    }

    /** Every row of a CSV file in this schema (a peer's included), the header skipped. */
    public static List<ResultRow> readCsv(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new BenchmarkException("missing file " + path);
        }
        List<String> lines = Files.readAllLines(path);
        if (lines.isEmpty() || !lines.get(0).startsWith("library,index,params,")) {
            throw new BenchmarkException(path + " does not start with the CSV schema's header (library,index,params,...)");
        }
        return lines.stream().skip(1).filter(line -> !line.isBlank()).map(ResultRow::parse).toList();
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static double optional(String[] fields, int column) {
        return fields.length > column && !fields[column].isEmpty() ? Double.parseDouble(fields[column]) : Double.NaN;
    }

    private static String[] splitCsv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields.toArray(String[]::new);
    }
}
