package dev.annex.bench.collection;

import dev.annex.Indexes;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.VectorIndex;
import dev.annex.bench.Dataset;
import dev.annex.collection.Collection;
import dev.annex.collection.CollectionOptions;
import dev.annex.collection.CollectionSchema;
import dev.annex.collection.Database;
import dev.annex.collection.Durability;
import dev.annex.collection.FieldType;
import dev.annex.collection.IdKind;
import dev.annex.collection.Interest;
import dev.annex.collection.PayloadFilter;
import dev.annex.collection.Point;
import dev.annex.collection.SearchRequest;
import dev.annex.util.FixedBitSet;
import dev.annex.vector.Machine;
import dev.annex.vector.Similarity;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.stream.Stream;

/**
 * What the embedded database costs on top of the raw index, on seeded two-tower data
 * ({@code two-tower-N-96}, HNSW16,efc100 built on one thread in batches of 10,000 so that the
 * collection's index and the raw one are the same graph, k=10): upsert throughput with fsync per batch (batches
 * of 1 and 1,000) and in async mode; recovery time from a snapshot of half the points plus a log
 * of the other half; search latency through the collection against the raw index, unfiltered
 * and with a 10 % payload filter, in interleaved rounds; filter evaluation time against
 * selectivity; a four-interest search against four separate searches. Writes
 * {@code OUT/collection.csv} (one row per measurement) and prints the table.
 *
 * <p>Options: {@code --help} lists them ({@code --points}, {@code --rounds}, {@code --out},
 * {@code --work}, {@code --measure}).
 */
public final class CollectionBenchmark {

    private static final int K = 10;
    /** One build thread: the collection's index and the raw one get the same graph, so search time differs only by overhead. */
    private static final String SPEC = "HNSW16,efc100,seed42,threads1";
    private static final int CATEGORIES = 10;

    private final List<String> rows = new ArrayList<>();
    private final PrintStream out;

    CollectionBenchmark(PrintStream out) {
        this.out = out;
    }

    /** The command line of the collection benchmark. */
    @Command(name = "collection-benchmark", mixinStandardHelpOptions = true,
            description = "What a collection costs over the raw index; writes OUT/collection.csv.")
    static final class Options implements Callable<Integer> {
        @Option(names = "--points", defaultValue = "100000", description = "Points (default: ${DEFAULT-VALUE}).")
        int points;

        @Option(names = "--rounds", defaultValue = "3", description = "Interleaved rounds (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--out", defaultValue = "results", description = "Output directory (default: ${DEFAULT-VALUE}).")
        Path outDir;

        @Option(names = "--work", description = "Working directory; the fsync figures depend on its file system (default: a temporary one).")
        Path work;

        @Option(names = "--measure", split = ",", defaultValue = "upserts,recovery,search",
                description = "Any of upserts, recovery, search (default: ${DEFAULT-VALUE}).")
        List<String> measure;

        @Override
        public Integer call() throws Exception {
            Path workDir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("annex-collection-bench");
            new CollectionBenchmark(System.out).run(points, rounds, workDir, outDir, measure);
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Options()).execute(args));
    }

    void run(int count, int rounds, Path work, Path outDir, List<String> measure) throws IOException {
        Dataset dataset = Dataset.synthetic("two-tower-" + count + "-96", 11L, 2);
        float[][] queries = Arrays.copyOf(dataset.queries(), Math.min(1_000, dataset.queries().length));
        List<Point> points = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            points.add(new Point((long) i, dataset.base()[i], Map.of("category", "c" + (i % CATEGORIES), "rank", (long) (i % 1000))));
        }
        out.printf(Locale.ROOT, "%s; %d points x 96, %s%n", Machine.describe(), count, SPEC);
        record("machine", Machine.describe(), 0, "-");
        if (measure.contains("upserts")) {
            upserts(points, work);
        }
        Path database = work.resolve("search-db");
        CollectionOptions options = CollectionOptions.DEFAULT.withSnapshotLogBytes(0).withSnapshotIntervalMillis(0)
                .withExpectedPoints(count);
        if (measure.contains("recovery")) {
            recovery(points, work, options);
        }
        if (measure.contains("search")) {
            search(dataset, points, queries, rounds, database, options);
        }
        Files.createDirectories(outDir);
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(outDir.resolve("collection.csv")))) {
            csv.println("measurement,setting,value,unit");
            rows.forEach(csv::println);
        }
        out.println("wrote " + outDir.resolve("collection.csv"));
    }

    private void search(Dataset dataset, List<Point> points, float[][] queries, int rounds, Path database, CollectionOptions options)
            throws IOException {
        int count = points.size();
        try (Database db = Database.open(database, options); VectorIndex raw = Indexes.create(96, Similarity.DOT, SPEC)) {
            Collection collection = db.create("items", schema());
            long start = System.nanoTime();
            for (int i = 0; i < count; i += 10_000) {
                collection.upsert(points.subList(i, Math.min(count, i + 10_000)));
            }
            record("build", "collection", count / seconds(start), "points/s");
            start = System.nanoTime();
            for (int i = 0; i < count; i += 10_000) {
                raw.addAll(Arrays.copyOfRange(dataset.base(), i, Math.min(count, i + 10_000)));
            }
            record("build", "raw index", count / seconds(start), "points/s");
            searchOverhead(collection, raw, queries, rounds, count);
            filterEvaluation(collection);
            multiInterest(collection, queries, rounds);
        }
    }

    private static CollectionSchema schema() {
        return new CollectionSchema(96, Similarity.DOT, dev.annex.api.IndexSpec.parse(SPEC), IdKind.LONG,
                Map.of("category", FieldType.KEYWORD, "rank", FieldType.LONG));
    }

    private void upserts(List<Point> points, Path work) throws IOException {
        int singles = Math.min(2_000, points.size());
        for (Durability durability : Durability.values()) {
            CollectionOptions options = CollectionOptions.DEFAULT.withDurability(durability).withSnapshotLogBytes(0)
                    .withSnapshotIntervalMillis(0).withExpectedPoints(points.size());
            Path directory = work.resolve("upserts-" + durability);
            try (Database db = Database.open(directory, options)) {
                Collection collection = db.create("items", schema());
                long start = System.nanoTime();
                for (int i = 0; i < singles; i++) {
                    collection.upsert(List.of(points.get(i)));
                }
                record("upsert", durability + " batch=1", singles / seconds(start), "points/s");
                start = System.nanoTime();
                for (int i = singles; i < points.size(); i += 1_000) {
                    collection.upsert(points.subList(i, Math.min(points.size(), i + 1_000)));
                }
                record("upsert", durability + " batch=1000", (points.size() - singles) / seconds(start), "points/s");
            }
            deleteTree(directory);
        }
    }

    /** Half the points in a snapshot, half only in the log; the directory copied while open stands for a crashed process's. */
    private void recovery(List<Point> points, Path work, CollectionOptions options) throws IOException {
        Path live = work.resolve("recovery-live");
        Path crashed = work.resolve("recovery-crashed");
        try (Database db = Database.open(live, options)) {
            Collection collection = db.create("items", schema());
            int half = points.size() / 2;
            for (int i = 0; i < points.size(); i += 10_000) {
                collection.upsert(points.subList(i, Math.min(points.size(), i + 10_000)));
                if (i + 10_000 == half || (i < half && i + 10_000 > half)) {
                    collection.snapshot();
                }
            }
            copyTree(live, crashed);
        }
        long start = System.nanoTime();
        try (Database db = Database.open(crashed, options)) {
            record("recovery", points.size() + " points, half from the log", seconds(start), "s");
            if (db.collection("items").describe().points() != points.size()) {
                throw new IllegalStateException("recovery lost points");
            }
        }
        deleteTree(live);
        deleteTree(crashed);
    }

    private void searchOverhead(Collection collection, VectorIndex raw, float[][] queries, int rounds, int count) {
        PayloadFilter category = PayloadFilter.equalTo("category", "c3");
        FixedBitSet rawCategory = new FixedBitSet(count);
        for (int i = 3; i < count; i += CATEGORIES) {
            rawCategory.set(i);
        }
        HnswSearchParameters parameters = HnswSearchParameters.ef(64);
        for (int round = 1; round <= rounds; round++) {
            double rawUnfiltered = perQueryMicros(queries, q -> raw.search(q, K, parameters));
            double collectionUnfiltered = perQueryMicros(queries,
                    q -> collection.search(SearchRequest.of(q, K).withParameters(parameters)));
            double rawFiltered = perQueryMicros(queries, q -> raw.search(q, K, parameters.withFilter(rawCategory)));
            double collectionFiltered = perQueryMicros(queries,
                    q -> collection.search(SearchRequest.of(q, K).withParameters(parameters).withFilter(category)));
            record("search round " + round, "raw index, unfiltered", rawUnfiltered, "us/query");
            record("search round " + round, "collection, unfiltered", collectionUnfiltered, "us/query");
            record("search round " + round, "raw index, 10% filter", rawFiltered, "us/query");
            record("search round " + round, "collection, 10% filter", collectionFiltered, "us/query");
            record("search round " + round, "overhead unfiltered", 100 * (collectionUnfiltered / rawUnfiltered - 1), "%");
            record("search round " + round, "overhead 10% filter", 100 * (collectionFiltered / rawFiltered - 1), "%");
        }
    }

    private void filterEvaluation(Collection collection) {
        PayloadFilter[] filters = {PayloadFilter.range("rank", 0, 0), PayloadFilter.range("rank", 0, 9),
            PayloadFilter.equalTo("category", "c1"), PayloadFilter.not(PayloadFilter.equalTo("category", "c1")),
            PayloadFilter.and(PayloadFilter.in("category", "c1", "c2", "c3", "c4", "c5"), PayloadFilter.range("rank", 0, 499))};
        String[] names = {"rank = 0 (0.1 %)", "rank in [0, 9] (1 %)", "category = c1 (10 %)", "not category = c1 (90 %)",
            "5 categories and rank < 500 (25 %)"};
        for (int f = 0; f < filters.length; f++) {
            PayloadFilter filter = filters[f];
            for (int warm = 0; warm < 200; warm++) {
                collection.count(filter);
            }
            int repeats = 500;
            long start = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                collection.count(filter);
            }
            record("filter evaluation", names[f], (System.nanoTime() - start) / 1e3 / repeats, "us");
        }
    }

    private void multiInterest(Collection collection, float[][] queries, int rounds) {
        for (int round = 1; round <= rounds; round++) {
            double separate = perQueryMicros(queries, q -> {
                for (int i = 0; i < 4; i++) {
                    collection.search(SearchRequest.of(interestVector(q, i), K));
                }
                return null;
            });
            double together = perQueryMicros(queries, q -> {
                List<Interest> interests = new ArrayList<>(4);
                for (int i = 0; i < 4; i++) {
                    interests.add(new Interest(interestVector(q, i), 1f, K));
                }
                return collection.searchInterests(interests, SearchRequest.of(q, K));
            });
            record("multi-interest round " + round, "4 separate searches", separate, "us/user");
            record("multi-interest round " + round, "one 4-interest search", together, "us/user");
        }
    }

    private static float[] interestVector(float[] query, int interest) {
        float[] vector = query.clone();
        for (int j = interest; j < vector.length; j += 4) {
            vector[j] = -vector[j];
        }
        return vector;
    }

    private static double perQueryMicros(float[][] queries, java.util.function.Function<float[], Object> search) {
        for (int warm = 0; warm < 3; warm++) {
            for (float[] query : queries) {
                search.apply(query);
            }
        }
        long start = System.nanoTime();
        for (float[] query : queries) {
            search.apply(query);
        }
        return (System.nanoTime() - start) / 1e3 / queries.length;
    }

    private void record(String measurement, String setting, double value, String unit) {
        rows.add(String.format(Locale.ROOT, "\"%s\",\"%s\",%.2f,%s", measurement, setting, value, unit));
        out.printf(Locale.ROOT, "%-24s %-40s %12.2f %s%n", measurement, setting, value, unit);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }


    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
