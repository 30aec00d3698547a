package dev.annex.bench;

import dev.annex.bench.engine.BuiltIndex;
import dev.annex.bench.engine.Engine;
import dev.annex.bench.engine.EngineSettings;
import dev.annex.bench.engine.Engines;
import dev.annex.bench.engine.OperatingPoint;
import dev.annex.bench.report.ReportMain;
import dev.annex.vector.Machine;
import dev.annex.vector.Similarity;
import dev.annex.vector.VectorKernelsProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sweeps datasets x engines x search settings in one JVM, on the same data, k and threads, and
 * writes for each dataset {@code OUT/NAME.csv} (the schema shared with ../shared/peers, see
 * {@link ResultRow}), {@code OUT/NAME.md} (the summary table) and {@code OUT/NAME.svg} and
 * {@code .png} (recall against QPS). Every operating point is measured by {@link SearchTimer}.
 *
 * <pre>
 * --dataset SPEC[,SPEC...]  datasets, each one of (default clustered-50000-96-l2):
 *                             NAME or DIR/NAME   a Texmex directory (NAME_base.fvecs, NAME_query.fvecs, NAME_groundtruth.ivecs)
 *                             FILE.hdf5          an ann-benchmarks HDF5 file
 *                             clustered-N-D[-l2|ip|cosine], two-tower-N-D   seeded synthetic data
 * --data-dir DIR            where NAME is looked up and synthetic data is kept (default results/datasets)
 * --engines LIST            any of annex-hnsw,annex-ivfpq,annex-flat,jvector,lucene (default: all)
 * --metric l2|ip|cosine     overrides the metric the dataset declares or its name implies
 * --threads N               build threads (default: all cores)
 * --search-threads N        threads of the throughput pass; 1 skips it (default: all cores)
 * --m 16 --efc 200          graph build settings (Annex HNSW, jvector, Lucene)
 * --ef 10,16,...            graph search sweep
 * --nlist N --pq-m 16       IVF-PQ build settings (default nlist: the power of two nearest 4 sqrt(n))
 * --nprobe 1,2,4,...        IVF-PQ search sweep
 * --rerank 0,10             IVF-PQ re-rank factors (0: codes only)
 * --queries N               use the first N queries
 * --peers CSV[,CSV...]      peer rows (../shared/peers) to summarise and plot with a dataset whose name the file name contains
 * --out DIR                 output directory (default results)
 * </pre>
 */
public final class SweepRunner {

    private static final List<String> VALUE_OPTIONS = List.of("dataset", "data-dir", "engines", "metric", "threads", "search-threads",
            "m", "efc", "ef", "nlist", "pq-m", "nprobe", "rerank", "queries", "peers", "out");

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

    /** Runs the sweep {@code args} describe, reporting to {@code out}; returns every row measured. */
    static List<ResultRow> run(String[] args, PrintStream out) throws IOException {
        Map<String, String> options = parse(args);
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = intOption(options, "threads", cores);
        int searchThreads = intOption(options, "search-threads", cores);
        List<Engine> engines = Engines.parse(options.getOrDefault("engines", String.join(",", Engines.NAMES)));
        Similarity metric = options.containsKey("metric") ? metric(options.get("metric")) : null;
        Path dataDir = Path.of(options.getOrDefault("data-dir", "results/datasets"));
        Path outDir = Path.of(options.getOrDefault("out", "results"));
        Map<Path, List<ResultRow>> peerRows = new LinkedHashMap<>();
        if (options.containsKey("peers")) {
            for (String peer : options.get("peers").split(",")) {
                peerRows.put(Path.of(peer), ResultRow.readCsv(Path.of(peer)));
            }
        }
        settings(options, threads, 1);
        List<String> specs = List.of(options.getOrDefault("dataset", "clustered-50000-96-l2").split(","));
        out.printf(Locale.ROOT, "java %s, %d cores; Annex kernels %s%n", Runtime.version(), cores, VectorKernelsProvider.kernels().name());

        ProgressBar progress = ProgressBar.forConsole(out);
        List<ResultRow> all = new ArrayList<>();
        SearchTimer timer = new SearchTimer(searchThreads, progress);
        for (String spec : specs) {
            Dataset dataset = Dataset.load(spec.trim(), dataDir, metric, threads, out);
            if (options.containsKey("queries")) {
                dataset = dataset.withQueries(intOption(options, "queries", 0));
            }
            dataset.requireDepth(Dataset.K);
            EngineSettings settings = settings(options, threads, dataset.base().length);
            String description = String.format(Locale.ROOT, "%,d x %d base vectors, %,d queries, %s, k=%d; %d build threads; "
                            + "single-thread QPS after a %,d-query warm-up%s. Machine: %s.",
                    dataset.base().length, dataset.dimension(), dataset.queries().length, dataset.similarity(), Dataset.K, threads,
                    SearchTimer.WARMUP_QUERIES, searchThreads > 1 ? "; throughput with " + searchThreads + " threads"
                            : "; single-thread only (no throughput pass)", Machine.describe());
            out.println(dataset.name() + ": " + description);
            List<ResultRow> rows = new ArrayList<>();
            for (Engine engine : engines) {
                rows.addAll(sweep(engine, dataset, settings, timer, progress, out));
            }
            List<ResultRow> reported = new ArrayList<>(rows);
            for (Map.Entry<Path, List<ResultRow>> peer : peerRows.entrySet()) {
                if (peerRows.size() == 1 && specs.size() == 1 || peer.getKey().getFileName().toString().contains(dataset.name())) {
                    reported.addAll(peer.getValue());
                }
            }
            write(outDir, dataset.name(), description, rows, reported, out);
            all.addAll(rows);
        }
        return all;
    }

    private static List<ResultRow> sweep(Engine engine, Dataset dataset, EngineSettings settings, SearchTimer timer, ProgressBar progress,
                                         PrintStream out) throws IOException {
        long start = System.nanoTime();
        List<ResultRow> rows = new ArrayList<>();
        try (BuiltIndex built = engine.build(dataset, settings, progress)) {
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "%s built in %.1f s: %s%n", engine.name(), buildSeconds, built.buildParams());
            timer.warmUp(built.operatingPoints(), dataset);
            for (OperatingPoint point : built.operatingPoints()) {
                ResultRow row = timer.measure(built, point, dataset, buildSeconds, settings.threads())
                        .withParams("machine=[" + Machine.describe() + "]");
                rows.add(row);
                out.printf(Locale.ROOT, "  %-28s %-22s recall %.4f  %,9.0f QPS  p99 %,8.1f us  %,9.0f QPS with %d threads%n",
                        row.library() + " " + row.index(), point.searchParams(), row.recallAt10(), row.qps(), row.p99Micros(),
                        row.throughputQps(), row.searchThreads());
            }
        }
        return rows;
    }

    private static void write(Path outDir, String name, String description, List<ResultRow> rows, List<ResultRow> reported,
                              PrintStream out) throws IOException {
        Files.createDirectories(outDir);
        Path csv = outDir.resolve(name + ".csv");
        try (Writer writer = Files.newBufferedWriter(csv)) {
            ResultRow.writeCsv(writer, rows);
        }
        String summary = ReportMain.write(outDir, name, description, reported);
        out.println("wrote " + csv + " and " + name + ".md, .svg, .png beside it");
        out.print(summary);
    }

    /** The engine settings the options give for a dataset of {@code baseCount} vectors; a bad value is a user error. */
    private static EngineSettings settings(Map<String, String> options, int threads, int baseCount) {
        int defaultNlist = Integer.highestOneBit((int) Math.max(1, Math.round(4 * Math.sqrt(baseCount) * 1.5)));
        return new EngineSettings(threads, intOption(options, "m", 16), intOption(options, "efc", 200),
                intList(options.getOrDefault("ef", "10,12,16,20,24,32,48,64,96,128,192,256"), "ef", false),
                intOption(options, "nlist", defaultNlist), intOption(options, "pq-m", 16),
                intList(options.getOrDefault("nprobe", "1,2,4,8,16,32,64"), "nprobe", false),
                intList(options.getOrDefault("rerank", "0,10"), "rerank", true), Dataset.SYNTHETIC_SEED);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new BenchmarkException("unexpected argument '" + arg + "'; options start with --");
            }
            String key = arg.substring(2);
            if (!VALUE_OPTIONS.contains(key)) {
                throw new BenchmarkException("unknown option --" + key + "; known: --" + String.join(" --", VALUE_OPTIONS));
            }
            if (i + 1 >= args.length) {
                throw new BenchmarkException("option --" + key + " needs a value");
            }
            options.put(key, args[++i]);
        }
        return options;
    }

    private static int intOption(Map<String, String> options, String key, int fallback) {
        String value = options.get(key);
        return value == null ? fallback : parseCount(value, key, false);
    }

    /** A comma-separated list of counts; {@code zeroAllowed} admits 0 besides positive values. */
    private static int[] intList(String value, String key, boolean zeroAllowed) {
        String[] parts = value.split(",");
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = parseCount(parts[i], key, zeroAllowed);
        }
        return values;
    }

    private static int parseCount(String text, String key, boolean zeroAllowed) {
        int parsed;
        try {
            parsed = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new BenchmarkException("--" + key + " must be a whole number, got '" + text + "'");
        }
        if (parsed < 0 || (parsed == 0 && !zeroAllowed)) {
            throw new BenchmarkException("--" + key + " must be " + (zeroAllowed ? ">= 0" : "> 0") + ", got " + parsed);
        }
        return parsed;
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
