package dev.annex.bench;

import dev.annex.api.ExactSearchParameters;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.IvfSearchParameters;
import dev.annex.api.SearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.api.VectorIndex;
import dev.annex.exact.ExactIndex;
import dev.annex.hnsw.HnswConfig;
import dev.annex.hnsw.HnswIndex;
import dev.annex.ivf.IvfPqConfig;
import dev.annex.ivf.IvfPqIndex;
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
 * Builds one Annex index on one dataset and sweeps its search setting, writing one CSV row per
 * operating point (schema in {@link ResultRow}) with the protocol the peers use: one thread, one
 * query per call, a warm-up pass over the first 1,000 queries before each timed pass, recall@10
 * against exact ground truth.
 *
 * <pre>
 * --data-dir DIR --dataset NAME   a Texmex dataset DIR/NAME/NAME_{base,query}.fvecs (+ _groundtruth.ivecs)
 * --synthetic                     instead, a seeded 50,000 x 96 Gaussian mixture (the default)
 * --metric l2|ip|cosine           default: implied by the dataset name
 * --index hnsw|ivfpq|flat         which index (default hnsw)
 * --threads 2                     build threads
 * --m 16 --efc 200                HNSW build settings
 * --ef 10,16,24,...               HNSW search sweep
 * --nlist 1024 --pq-m 16          IVF-PQ build settings
 * --nprobe 1,2,4,...              IVF-PQ search sweep
 * --rerank 0,10                   IVF-PQ re-rank factors to sweep (any non-zero keeps full vectors)
 * --queries N                     use the first N queries
 * --out FILE                      CSV output (default results/NAME-annex-INDEX.csv)
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
        String kind = options.getOrDefault("index", "hnsw").toLowerCase(Locale.ROOT);
        if (!List.of("hnsw", "ivfpq", "flat").contains(kind)) {
            throw new BenchmarkException("unknown index '" + kind + "'; use hnsw, ivfpq or flat");
        }
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
        Path outFile = Path.of(options.getOrDefault("out", "results/" + dataset.name() + "-annex-" + kind + ".csv"));
        out.printf(Locale.ROOT, "dataset %s: %d x %d, %d queries, %s; kernels %s; java %s%n", dataset.name(),
                dataset.base().length, dataset.dimension(), dataset.queries().length, dataset.similarity(),
                VectorKernelsProvider.kernels().name(), Runtime.version());

        long start = System.nanoTime();
        Built built = switch (kind) {
            case "hnsw" -> buildHnsw(dataset, options, threads, out);
            case "ivfpq" -> buildIvfPq(dataset, options, threads, out);
            default -> buildFlat(dataset);
        };
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        VectorIndex index = built.index();
        out.printf(Locale.ROOT, "built %s in %.2f s with %d threads, %.1f bytes per vector%n", index.factoryString(),
                buildSeconds, threads, (double) index.bytesUsed() / index.size());

        List<ResultRow> rows = new ArrayList<>();
        out.println(ResultRow.HEADER);
        for (OperatingPoint point : built.sweep()) {
            ResultRow row = measure(index, dataset, point, built.buildParams(), buildSeconds, threads);
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

    /**
     * A built index and the operating points to sweep on it, in order.
     *
     * @param index       the index
     * @param buildParams build parameters, the start of the CSV {@code params} column
     * @param sweep       the operating points
     */
    private record Built(VectorIndex index, String buildParams, List<OperatingPoint> sweep) {
    }

    /**
     * One row to measure.
     *
     * @param label          the CSV {@code index} column
     * @param params         search parameters for the CSV {@code params} column
     * @param parameters     the search parameters
     * @param bytesPerVector what the index needs per vector to answer this way
     */
    private record OperatingPoint(String label, String params, SearchParameters parameters, double bytesPerVector) {
    }

    private static Built buildHnsw(Dataset dataset, Map<String, String> options, int threads, PrintStream out) {
        HnswConfig config = userSettings(() -> new HnswConfig(intOption(options, "m", 16), intOption(options, "efc", 200), 42L, threads));
        HnswIndex index = new HnswIndex(dataset.dimension(), dataset.similarity(), config);
        addInBatches(dataset.base(), index::addAll, out);
        double bytesPerVector = (double) index.bytesUsed() / index.size();
        List<OperatingPoint> sweep = new ArrayList<>();
        for (int ef : intList(options.getOrDefault("ef", "10,12,16,20,24,32,48,64,96,128,192,256"), "ef", false)) {
            int searchEf = Math.max(ef, K);
            sweep.add(new OperatingPoint("HNSW", "ef=" + searchEf, HnswSearchParameters.ef(searchEf), bytesPerVector));
        }
        return new Built(index, String.format(Locale.ROOT, "M=%d,efC=%d,kernels=%s", config.maxConnections(),
                config.efConstruction(), VectorKernelsProvider.kernels().name()), sweep);
    }

    private static Built buildIvfPq(Dataset dataset, Map<String, String> options, int threads, PrintStream out) {
        int[] reranks = intList(options.getOrDefault("rerank", "0"), "rerank", true);
        int keep = Arrays.stream(reranks).max().orElse(0);
        IvfPqConfig config = userSettings(() -> IvfPqConfig.of(intOption(options, "nlist", 1024), intOption(options, "pq-m", 16))
                .withRerankFactor(keep).withThreads(threads));
        IvfPqIndex index = userSettings(() -> new IvfPqIndex(dataset.dimension(), dataset.similarity(), config));
        out.println("training " + index.factoryString() + "...");
        userSettings(() -> {
            index.train(dataset.base());
            return index;
        });
        addInBatches(dataset.base(), index::addAll, out);
        // Rows without re-ranking are what an index keeping codes only would answer: they count only its bytes.
        String codesLabel = "IVF" + config.nlist() + ",PQ" + config.subspaces() + "x8";
        double codesBytes = (double) (index.codeBytes() + index.fixedBytes()) / index.size();
        double allBytes = (double) index.bytesUsed() / index.size();
        List<OperatingPoint> sweep = new ArrayList<>();
        for (int rerank : reranks) {
            for (int nprobe : intList(options.getOrDefault("nprobe", "1,2,4,8,16,32,64"), "nprobe", false)) {
                if (nprobe <= config.nlist()) {
                    sweep.add(new OperatingPoint(rerank == 0 ? codesLabel : codesLabel + ",RFlat",
                            "nprobe=" + nprobe + ",rerank=" + rerank, IvfSearchParameters.nprobe(nprobe).withRerank(rerank),
                            rerank == 0 ? codesBytes : allBytes));
                }
            }
        }
        return new Built(index, String.format(Locale.ROOT, "nlist=%d,m=%d,kernels=%s", config.nlist(), config.subspaces(),
                VectorKernelsProvider.kernels().name()), sweep);
    }

    private static Built buildFlat(Dataset dataset) {
        ExactIndex index = new ExactIndex(dataset.dimension(), dataset.similarity(), 1);
        for (float[] vector : dataset.base()) {
            index.add(vector);
        }
        return new Built(index, "kernels=" + VectorKernelsProvider.kernels().name(),
                List.of(new OperatingPoint("Flat", "exact", ExactSearchParameters.ALL, (double) index.bytesUsed() / index.size())));
    }

    /** Runs {@code build}, turning a rejected setting into a user error. */
    private static <T> T userSettings(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new BenchmarkException(e.getMessage());
        }
    }

    private static void addInBatches(float[][] base, java.util.function.ToIntFunction<float[][]> addAll, PrintStream out) {
        int step = Math.max(1, base.length / 10);
        for (int from = 0; from < base.length; from += step) {
            addAll.applyAsInt(Arrays.copyOfRange(base, from, Math.min(base.length, from + step)));
            out.printf(Locale.ROOT, "\rbuilding: %3d%%", (int) (100L * Math.min(base.length, from + step) / base.length));
        }
        out.println();
    }

    private static ResultRow measure(VectorIndex index, Dataset dataset, OperatingPoint point, String buildParams,
                                     double buildSeconds, int threads) {
        SearchParameters parameters = point.parameters();
        float[][] queries = dataset.queries();
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
        return new ResultRow("annex", point.label(), buildParams + "," + point.params(), buildSeconds, threads,
                recall / queries.length, queries.length / wallSeconds, latency.getMean() / 1e3,
                latency.getValueAtPercentile(99) / 1e3, point.bytesPerVector(), evaluations / queries.length);
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
                case "data-dir", "dataset", "metric", "index", "m", "efc", "threads", "ef", "nlist", "pq-m", "nprobe", "rerank",
                     "queries", "out" -> {
                    if (i + 1 >= args.length) {
                        throw new BenchmarkException("option --" + key + " needs a value");
                    }
                    options.put(key, args[++i]);
                }
                default -> throw new BenchmarkException("unknown option --" + key
                        + "; known: --data-dir --dataset --synthetic --metric --index --threads --m --efc --ef --nlist --pq-m"
                        + " --nprobe --rerank --queries --out");
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
