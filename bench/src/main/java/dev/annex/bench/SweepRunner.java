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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.Map;

/**
 * Sweeps datasets x engines x search settings in one JVM, on the same data, k and threads, and
 * writes for each dataset {@code OUT/NAME.csv} (the schema shared with ../shared/peers, see
 * {@link ResultRow}), {@code OUT/NAME.md} (the summary table) and {@code OUT/NAME.svg} and
 * {@code .png} (recall against QPS). Every operating point is measured by {@link SearchTimer}.
 *
 * <p>Options are parsed by picocli ({@code ./annex-bench --help} lists them with their defaults);
 * every value is checked before any data is read or generated.
 */
public final class SweepRunner {

    /** The command line of {@code ./annex-bench}. */
    @Command(name = "annex-bench", mixinStandardHelpOptions = true, versionProvider = SweepRunner.Version.class,
            sortOptions = false, description = "Sweeps datasets x engines x search settings in one JVM and writes, per dataset, "
            + "OUT/NAME.csv, OUT/NAME.md (summary) and OUT/NAME.svg and .png (recall against QPS).")
    static final class Options {
        @Option(names = "--dataset", split = ",", defaultValue = "clustered-50000-96-l2", paramLabel = "SPEC",
                description = "Datasets: NAME or DIR/NAME (Texmex: NAME_base.fvecs, NAME_query.fvecs, NAME_groundtruth.ivecs), "
                        + "FILE.hdf5 (ann-benchmarks), or seeded synthetic clustered-N-D[-l2|ip|cosine] or two-tower-N-D "
                        + "(default: ${DEFAULT-VALUE}).")
        List<String> datasets;

        @Option(names = "--data-dir", defaultValue = "results/datasets",
                description = "Where NAME is looked up and synthetic data is kept (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--engines", defaultValue = "annex-hnsw,annex-ivfpq,annex-flat,jvector,lucene",
                description = "Engines to run; annex-hnsw-sq8 (the graph walked on int8 codes) is also known (default: ${DEFAULT-VALUE}).")
        String engines;

        @Option(names = "--metric", description = "l2, ip or cosine: overrides what the dataset declares or its name implies.")
        String metric;

        @Option(names = "--threads", description = "Build threads (default: all cores).")
        Integer threads;

        @Option(names = "--search-threads", description = "Threads of the throughput pass; 1 skips it (default: all cores).")
        Integer searchThreads;

        @Option(names = "--m", defaultValue = "16", description = "Graph links per node: Annex HNSW, jvector, Lucene (default: ${DEFAULT-VALUE}).")
        int m;

        @Option(names = "--efc", defaultValue = "200", description = "Graph construction list size (default: ${DEFAULT-VALUE}).")
        int efc;

        @Option(names = "--ef", split = ",", defaultValue = "10,12,16,20,24,32,48,64,96,128,192,256",
                description = "Graph search sweep (default: ${DEFAULT-VALUE}).")
        int[] ef;

        @Option(names = "--nlist", description = "IVF-PQ lists (default: the power of two nearest 4 sqrt(n)).")
        Integer nlist;

        @Option(names = "--pq-m", defaultValue = "16", description = "IVF-PQ sub-quantizers: bytes per code, or half-bytes with annex-ivfpq-fs (default: ${DEFAULT-VALUE}).")
        int pqM;

        @Option(names = "--nprobe", split = ",", defaultValue = "1,2,4,8,16,32,64",
                description = "IVF-PQ search sweep (default: ${DEFAULT-VALUE}).")
        int[] nprobe;

        @Option(names = "--rerank", split = ",", defaultValue = "0,10",
                description = "IVF-PQ re-rank factors, 0: codes only (default: ${DEFAULT-VALUE}).")
        int[] rerank;

        @Option(names = "--queries", description = "Use the first N queries.")
        Integer queries;

        @Option(names = "--peers", split = ",", paramLabel = "CSV",
                description = "Peer rows (../shared/peers) to summarise and plot with the dataset whose name the file name contains.")
        List<Path> peers = List.of();

        @Option(names = "--out", defaultValue = "results", description = "Output directory (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--train-ids", paramLabel = "FILE", description = "IVF-PQ trains on these base rows (0-based, one "
                + "per line; ../shared/peers/export_train_ids.py writes FAISS's sample) instead of on every base vector.")
        Path trainIds;

        @Option(names = "--rounds", defaultValue = "1", description = "Sweeps of every engine, interleaved (A, B, C, A, B, C, ...) "
                + "after one build each; the summary gives medians, ranges and per-round ratios (default: ${DEFAULT-VALUE}).")
        int rounds;

        /** Fails on a value out of range, naming the option, before anything is read or generated. */
        void check() {
            positive("--threads", threads);
            positive("--search-threads", searchThreads);
            positive("--m", m);
            positive("--efc", efc);
            positive("--nlist", nlist);
            positive("--pq-m", pqM);
            positive("--queries", queries);
            positive("--rounds", rounds);
            Arrays.stream(ef).forEach(value -> positive("--ef", value));
            Arrays.stream(nprobe).forEach(value -> positive("--nprobe", value));
            Arrays.stream(rerank).filter(value -> value < 0).findFirst().ifPresent(value -> {
                throw new BenchmarkException("--rerank must be >= 0, got " + value);
            });
        }

        private static void positive(String option, Integer value) {
            if (value != null && value <= 0) {
                throw new BenchmarkException(option + " must be > 0, got " + value);
            }
        }
    }

    private SweepRunner() {
    }

    public static void main(String[] args) {
        Options options = new Options();
        CommandLine command = new CommandLine(options);
        try {
            command.parseArgs(args);
            if (CommandLine.printHelpIfRequested(command.getParseResult())) {
                return;
            }
            sweepAll(options, System.out);
        } catch (CommandLine.ParameterException | BenchmarkException e) {
            System.err.println("annex-bench: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("annex-bench: " + e);
            System.exit(1);
        }
    }

    /** Runs the sweep {@code args} describe, reporting to {@code out}; returns every row measured. */
    static List<ResultRow> run(String[] args, PrintStream out) throws IOException {
        Options options = new Options();
        try {
            new CommandLine(options).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new BenchmarkException(e.getMessage());
        }
        return sweepAll(options, out);
    }

    private static List<ResultRow> sweepAll(Options options, PrintStream out) throws IOException {
        options.check();
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = options.threads != null ? options.threads : cores;
        int searchThreads = options.searchThreads != null ? options.searchThreads : cores;
        List<Engine> engines = Engines.parse(options.engines);
        Similarity metric = options.metric != null ? metric(options.metric) : null;
        Map<Path, List<ResultRow>> peerRows = new LinkedHashMap<>();
        for (Path peer : options.peers) {
            peerRows.put(peer, ResultRow.readCsv(peer));
        }
        List<String> specs = options.datasets;
        out.printf(Locale.ROOT, "java %s, %d cores; Annex kernels %s%n", Runtime.version(), cores, VectorKernelsProvider.kernels().name());

        ProgressBar progress = ProgressBar.forConsole(out);
        List<ResultRow> all = new ArrayList<>();
        SearchTimer timer = new SearchTimer(searchThreads, progress);
        for (String spec : specs) {
            Dataset dataset = Dataset.load(spec.trim(), options.dataDir, metric, threads, out);
            if (options.queries != null) {
                dataset = dataset.withQueries(options.queries);
            }
            dataset.requireDepth(Dataset.K);
            EngineSettings settings = settings(options, threads, dataset.base().length);
            String description = String.format(Locale.ROOT, "%,d x %d base vectors, %,d queries, %s, k=%d; %d build threads; "
                            + "single-thread QPS after a %,d-query warm-up%s. Machine: %s.",
                    dataset.base().length, dataset.dimension(), dataset.queries().length, dataset.similarity(), Dataset.K, threads,
                    SearchTimer.WARMUP_QUERIES, searchThreads > 1 ? "; throughput with " + searchThreads + " threads"
                            : "; single-thread only (no throughput pass)", Machine.describe());
            out.println(dataset.name() + ": " + description);
            List<ResultRow> rows = sweep(engines, dataset, settings, options.rounds, timer, progress, out);
            List<ResultRow> reported = new ArrayList<>(rows);
            for (Map.Entry<Path, List<ResultRow>> peer : peerRows.entrySet()) {
                if (peerRows.size() == 1 && specs.size() == 1 || peer.getKey().getFileName().toString().contains(dataset.name())) {
                    reported.addAll(peer.getValue());
                }
            }
            write(options.out, dataset.name(), description, rows, reported, out);
            all.addAll(rows);
        }
        return all;
    }

    /**
     * Builds every engine once, then measures every operating point of every engine in
     * {@code rounds} interleaved rounds; with more than one round each row's params end in
     * {@code round=R}.
     */
    private static List<ResultRow> sweep(List<Engine> engines, Dataset dataset, EngineSettings settings, int rounds, SearchTimer timer,
                                         ProgressBar progress, PrintStream out) throws IOException {
        List<BuiltIndex> built = new ArrayList<>();
        List<Double> buildSeconds = new ArrayList<>();
        List<ResultRow> rows = new ArrayList<>();
        try {
            for (Engine engine : engines) {
                long start = System.nanoTime();
                built.add(engine.build(dataset, settings, progress));
                buildSeconds.add((System.nanoTime() - start) / 1e9);
                out.printf(Locale.ROOT, "%s built in %.1f s: %s%n", engine.name(), buildSeconds.getLast(), built.getLast().buildParams());
            }
            for (int round = 1; round <= rounds; round++) {
                for (int e = 0; e < built.size(); e++) {
                    if (round == 1) {
                        timer.warmUp(built.get(e).operatingPoints(), dataset);
                    }
                    for (OperatingPoint point : built.get(e).operatingPoints()) {
                        ResultRow row = timer.measure(built.get(e), point, dataset, buildSeconds.get(e), settings.threads())
                                .withParams("machine=[" + Machine.describe() + "]");
                        rows.add(rounds > 1 ? row.withParams("round=" + round) : row);
                        String throughput = row.searchThreads() > 1
                                ? String.format(Locale.ROOT, "%,9.0f QPS with %d threads", row.throughputQps(), row.searchThreads())
                                : "single-thread only";
                        out.printf(Locale.ROOT, "  %s%-28s %-22s recall %.4f  %,9.0f QPS  p99 %,8.1f us  %s%n",
                                rounds > 1 ? "round " + round + " " : "", row.library() + " " + row.index(), point.searchParams(),
                                row.recallAt10(), row.qps(), row.p99Micros(), throughput);
                    }
                }
            }
        } finally {
            for (BuiltIndex index : built) {
                index.close();
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

    /** The engine settings the options give for a dataset of {@code baseCount} vectors. */
    private static EngineSettings settings(Options options, int threads, int baseCount) {
        int defaultNlist = Integer.highestOneBit((int) Math.max(1, Math.round(4 * Math.sqrt(baseCount) * 1.5)));
        return new EngineSettings(threads, options.m, options.efc, options.ef,
                options.nlist != null ? options.nlist : defaultNlist, options.pqM, options.nprobe, options.rerank,
                Dataset.SYNTHETIC_SEED, trainRows(options.trainIds));
    }

    private static int[] trainRows(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return Files.readAllLines(file).stream().map(String::trim).filter(line -> !line.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
        } catch (IOException | NumberFormatException e) {
            throw new BenchmarkException("cannot read training rows from " + file + ": " + e.getMessage());
        }
    }

    /** The version printed by {@code --version}: the build's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SweepRunner.class.getPackage().getImplementationVersion();
            return new String[] {"annex-bench " + (version == null ? "development build" : version)};
        }
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
