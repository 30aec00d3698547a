package dev.annex.bench;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * One operating point of one engine, in the CSV schema every runner shares (Annex's bench and
 * the FAISS/hnswlib peers): library, index, params, build_s, threads, recall_at_10, qps,
 * mean_us, p99_us, bytes_per_vector; then Annex's extra column, evaluations per query.
 */
public record ResultRow(String library, String index, String params, double buildSeconds, int threads,
                        double recallAt10, double qps, double meanMicros, double p99Micros, double bytesPerVector,
                        double evaluationsPerQuery) {

    /** The header line, without a line break. */
    public static final String HEADER =
            "library,index,params,build_s,threads,recall_at_10,qps,mean_us,p99_us,bytes_per_vector,evaluations_per_query";

    /** This row as a CSV line, without a line break; params is quoted. */
    public String toCsv() {
        return String.format(Locale.ROOT, "%s,%s,\"%s\",%.2f,%d,%.4f,%.1f,%.1f,%.1f,%.1f,%.1f", library, index,
                params.replace("\"", "\"\""), buildSeconds, threads, recallAt10, qps, meanMicros, p99Micros, bytesPerVector,
                evaluationsPerQuery);
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
                    fields.length > 10 ? Double.parseDouble(fields[10]) : Double.NaN);
        } catch (NumberFormatException e) {
            throw new BenchmarkException("CSV row has a malformed number (" + e.getMessage() + "): " + line);
        }
    }

    private static String[] splitCsv(String line) {
        java.util.List<String> fields = new java.util.ArrayList<>();
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
