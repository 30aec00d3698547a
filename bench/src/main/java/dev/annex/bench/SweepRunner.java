package dev.annex.bench;

import dev.annex.api.HnswSearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.hnsw.HnswConfig;
import dev.annex.hnsw.HnswIndex;
import dev.annex.vector.Similarity;
import dev.annex.vector.VectorKernelsProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Builds Annex's HNSW on one dataset and sweeps ef, writing one CSV row per ef (schema in
 * {@link ResultRow}) with the protocol the peers use: one thread, one query per call, a warm-up
 * pass over the first 1,000 queries before each timed pass, recall@10 against exact ground truth.
 *
 * <pre>
 * --data-dir DIR --dataset NAME   a Texmex dataset DIR/NAME/NAME_{base,query}.fvecs (+ _groundtruth.ivecs)
 * --synthetic                     instead, a seeded 50,000 x 96 Gaussian mixture (the default)
 * --metric l2|ip|cosine           default: implied by the dataset name
 * --m 16 --efc 200 --threads 2    build settings (threads: build threads)
 * --ef 10,16,24,...               search sweep
 * --queries N                     use the first N queries
 * --out FILE                      CSV output (default results/NAME-annex-hnsw.csv)
 * </pre>
 */
public final class SweepRunner {

    private static final int K = 10;
    private static final int WARMUP_QUERIES = 1_000;

    private SweepRunner() {
    }

    public static void main(String[] args) {
        try {
            run(args, System.out);
        } catch (BenchmarkException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("error: " + e);
            System.exit(1);
        }
    }

    /** Runs the sweep described by {@code args}, reporting to {@code out}; returns the rows written. */
    static List<ResultRow> run(String[] args, PrintStream out) throws IOException {
        Map<String, String> options = parse(args);
        int threads = intOption(options, "threads", 2);
        int m = intOption(options, "m", 16);
        int efc = intOption(options, "efc", 200);
        int[] efs = intList(options.getOrDefault("ef", "10,12,16,20,24,32,48,64,96,128,192,256"), "ef");
        Dataset dataset;
        if (options.containsKey("dataset") || options.containsKey("data-dir")) {
            String name = required(options, "dataset");
            Path dataDir = Path.of(required(options, "data-dir"));
            Similarity similarity = options.containsKey("metric") ? metric(options.get("metric")) : Dataset.similarityFromName(name);
            dataset = Dataset.loadTexmex(dataDir, name, similarity, threads);
        } else {
            Similarity similarity = metric(options.getOrDefault("metric", "l2"));
            out.println("generating the seeded synthetic dataset and its exact ground truth...");
            dataset = Dataset.synthetic(50_000, 1_000, 96, similarity, 42L, threads);
        }
        if (options.containsKey("queries")) {
            dataset = dataset.withQueries(intOption(options, "queries", 0));
        }
        dataset.requireDepth(K);
        Path outFile = Path.of(options.getOrDefault("out", "results/" + dataset.name() + "-annex-hnsw.csv"));
        HnswConfig config;
        try {
            config = new HnswConfig(m, efc, 42L, threads);
        } catch (IllegalArgumentException e) {
            throw new BenchmarkException(e.getMessage());
        }
        out.printf(Locale.ROOT, "dataset %s: %d x %d, %d queries, %s; kernels %s; java %s%n", dataset.name(),
                dataset.base().length, dataset.dimension(), dataset.queries().length, dataset.similarity(),
                VectorKernelsProvider.kernels().name(), Runtime.version());

        long start = System.nanoTime();
        HnswIndex index = build(dataset, config, out);
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        double bytesPerVector = (double) index.bytesUsed() / index.size();
        out.printf(Locale.ROOT, "built %s in %.2f s with %d threads, %.1f bytes per vector%n", index.factoryString(),
                buildSeconds, threads, bytesPerVector);

        List<ResultRow> rows = new ArrayList<>();
        out.println(ResultRow.HEADER);
        for (int ef : efs) {
            ResultRow row = measure(index, dataset, Math.max(ef, K), config, buildSeconds, bytesPerVector);
            rows.add(row);
            out.println(row.toCsv());
        }
        if (outFile.getParent() != null) {
            Files.createDirectories(outFile.getParent());
        }
        try (Writer writer = Files.newBufferedWriter(outFile)) {
            ResultRow.writeCsv(writer, rows);
        }
        out.println("wrote " + outFile);
        return rows;
    }

    private static HnswIndex build(Dataset dataset, HnswConfig config, PrintStream out) {
        HnswIndex index = new HnswIndex(dataset.dimension(), dataset.similarity(), config);
        float[][] base = dataset.base();
        int step = Math.max(1, base.length / 10);
        for (int from = 0; from < base.length; from += step) {
            index.addAll(Arrays.copyOfRange(base, from, Math.min(base.length, from + step)));
            out.printf(Locale.ROOT, "\rbuilding: %3d%%", (int) (100L * Math.min(base.length, from + step) / base.length));
        }
        out.println();
        return index;
    }

    private static ResultRow measure(HnswIndex index, Dataset dataset, int ef, HnswConfig config, double buildSeconds,
                                     double bytesPerVector) {
        float[][] queries = dataset.queries();
        HnswSearchParameters parameters = HnswSearchParameters.ef(ef);
        for (int q = 0; q < Math.min(WARMUP_QUERIES, queries.length); q++) {
            index.search(queries[q], K, parameters);
        }
        Histogram latency = new Histogram(3_600_000_000L, 3);
        SearchResults[] results = new SearchResults[queries.length];
        long wallStart = System.nanoTime();
        for (int q = 0; q < queries.length; q++) {
            long t0 = System.nanoTime();
            results[q] = index.search(queries[q], K, parameters);
            latency.recordValue(System.nanoTime() - t0);
        }
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        double recall = 0;
        double evaluations = 0;
        for (int q = 0; q < queries.length; q++) {
            recall += Recall.atK(results[q].ordinals(), dataset.groundTruth()[q], K);
            evaluations += results[q].evaluations();
        }
        String params = String.format(Locale.ROOT, "M=%d,efC=%d,ef=%d,kernels=%s", config.maxConnections(),
                config.efConstruction(), ef, VectorKernelsProvider.kernels().name());
        return new ResultRow("annex", "HNSW", params, buildSeconds, config.buildThreads(), recall / queries.length,
                queries.length / wallSeconds, latency.getMean() / 1e3, latency.getValueAtPercentile(99) / 1e3,
                bytesPerVector, evaluations / queries.length);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new BenchmarkException("unexpected argument '" + arg + "'; options start with --");
            }
            String key = arg.substring(2);
            switch (key) {
                case "synthetic" -> options.put(key, "true");
                case "data-dir", "dataset", "metric", "m", "efc", "threads", "ef", "queries", "out" -> {
                    if (i + 1 >= args.length) {
                        throw new BenchmarkException("option --" + key + " needs a value");
                    }
                    options.put(key, args[++i]);
                }
                default -> throw new BenchmarkException("unknown option --" + key
                        + "; known: --data-dir --dataset --synthetic --metric --m --efc --threads --ef --queries --out");
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null) {
            throw new BenchmarkException("option --" + key + " is required with a Texmex dataset");
        }
        return value;
    }

    private static int intOption(Map<String, String> options, String key, int fallback) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed <= 0) {
                throw new BenchmarkException("--" + key + " must be > 0, got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new BenchmarkException("--" + key + " must be a whole number, got '" + value + "'");
        }
    }

    private static int[] intList(String value, String key) {
        String[] parts = value.split(",");
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = intOption(Map.of(key, parts[i]), key, 0);
        }
        return values;
    }

    private static Similarity metric(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "l2", "euclidean" -> Similarity.L2;
            case "ip", "dot" -> Similarity.DOT;
            case "cosine", "angular" -> Similarity.COSINE;
            default -> throw new BenchmarkException("unknown metric '" + name + "'; use l2, ip or cosine");
        };
    }
}
