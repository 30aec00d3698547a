package dev.annex.spark;

import dev.annex.Indexes;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.api.VectorIndex;
import dev.annex.vector.Machine;
import dev.annex.vector.Similarity;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.col;

/**
 * The Spark job's benchmark: on seeded demo items (64-d, clustered, log-normal norms; queries
 * from other seeds of the same clusters), builds and queries the same HNSW spec at each shard
 * count, in rounds that visit the shard counts in turn, and writes one CSV row per run: build and
 * query time, query rows per second, recall@k against brute force and against one
 * single-machine index with the same settings, and Spark's own per-stage times and shuffle bytes.
 */
@Command(name = "spark-scaling-benchmark", mixinStandardHelpOptions = true,
        description = "Local-mode scaling of AnnexKnn over shard counts; writes a CSV.")
public final class SparkScalingBenchmark implements Callable<Integer> {

    @Option(names = "--items", defaultValue = "100000", description = "Items (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--queries", defaultValue = "20000", description = "Query rows per transform (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--recall-queries", defaultValue = "500",
            description = "Queries whose recall is checked by brute force (default: ${DEFAULT-VALUE}).")
    int recallQueries;

    @Option(names = "--shards", split = ",", defaultValue = "1,2,4,8", description = "Shard counts (default: ${DEFAULT-VALUE}).")
    int[] shardCounts;

    @Option(names = "--rounds", defaultValue = "2", description = "Rounds over the shard counts (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--spec", defaultValue = "HNSW16,efc100", description = "Index spec (default: ${DEFAULT-VALUE}).")
    String spec;

    @Option(names = "--ef", defaultValue = "40", description = "HNSW search list size (default: ${DEFAULT-VALUE}).")
    int ef;

    @Option(names = "--k", defaultValue = "10", description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--master", defaultValue = "local[2]", description = "Spark master (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--output", defaultValue = "docs/results/spark/spark.csv", description = "CSV (default: ${DEFAULT-VALUE}).")
    Path output;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkScalingBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SparkSession spark = SparkSession.builder().appName("annex-spark-scaling").master(master)
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.log.level", "WARN").getOrCreate();
        StageMetrics metrics = new StageMetrics();
        spark.sparkContext().addSparkListener(metrics);
        Path work = Files.createTempDirectory("annex-spark-scaling");
        Dataset<Row> itemFrame = AnnexKnnJob.demoFrame(spark, items, AnnexKnnJob.DEMO_SEED).cache();
        Dataset<Row> queryFrame = AnnexKnnJob.demoFrame(spark, queries, 1_000_000_007L).cache();
        float[][] itemVectors = vectors(itemFrame);
        float[][] queryVectors = vectors(queryFrame);
        Map<Long, long[]> truth = bruteForce(itemVectors, queryVectors);
        SingleIndex single = singleIndex(itemVectors, queryVectors, truth);
        System.out.printf(Locale.ROOT, "one index: recall@%d %.4f, %.0f QPS on one thread, built in %.1f s%n", k,
                single.recall, single.queriesPerSecond, single.buildSeconds);

        List<String> rows = new ArrayList<>();
        rows.add("machine,master,round,shards,items,queries,dimension,spec,ef,k,fit_s,transform_s,query_rows_per_s,recall,"
                + "single_index_recall,single_index_qps,single_index_build_s,transform_shuffle_write_bytes,"
                + "transform_shuffle_read_bytes,stages");
        int run = 0;
        for (int round = 1; round <= rounds; round++) {
            for (int shards : shardCounts) {
                String indexPath = work.resolve("index-" + run++).toString();
                spark.sparkContext().setJobGroup("fit-" + run, "fit", false);
                long start = System.nanoTime();
                AnnexKnnModel model = new AnnexKnn().setIndexSpec(spec).setSimilarity("DOT").setNumShards(shards)
                        .setIndexPath(indexPath).fit(itemFrame);
                double fitSeconds = (System.nanoTime() - start) / 1e9;
                spark.sparkContext().setJobGroup("transform-" + run, "transform", false);
                start = System.nanoTime();
                List<Row> results = model.setK(k).setEf(ef).transform(queryFrame).select(col("id"), col("neighbors"))
                        .collectAsList();
                double transformSeconds = (System.nanoTime() - start) / 1e9;
                List<StageMetrics.Stage> stages = metrics.stagesOf(spark.sparkContext(), "transform-" + run);
                spark.sparkContext().clearJobGroup();
                double recall = recall(results, truth);
                long written = stages.stream().mapToLong(StageMetrics.Stage::shuffleWriteBytes).sum();
                long read = stages.stream().mapToLong(StageMetrics.Stage::shuffleReadBytes).sum();
                rows.add(String.join(",", csv(Machine.describe()), master, Integer.toString(round), Integer.toString(shards),
                        Integer.toString(items), Integer.toString(queries), "64", csv(model.layout().spec()),
                        Integer.toString(ef), Integer.toString(k), format(fitSeconds), format(transformSeconds),
                        format(queries / transformSeconds), format(recall), format(single.recall),
                        format(single.queriesPerSecond), format(single.buildSeconds), Long.toString(written),
                        Long.toString(read), csv(stages.toString())));
                System.out.printf(Locale.ROOT, "round %d, %d shards: fit %.1f s, %d queries in %.1f s (%.0f rows/s), "
                                + "recall %.4f, shuffle %,d B written %,d B read%n", round, shards, fitSeconds, queries,
                        transformSeconds, queries / transformSeconds, recall, written, read);
            }
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.write(output, rows);
        System.out.println("wrote " + output);
        spark.stop();
        return 0;
    }

    private record SingleIndex(double recall, double queriesPerSecond, double buildSeconds) {
    }

    private SingleIndex singleIndex(float[][] itemVectors, float[][] queryVectors, Map<Long, long[]> truth) {
        long start = System.nanoTime();
        try (VectorIndex index = Indexes.create(64, Similarity.DOT, spec)) {
            index.addAll(itemVectors);
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            long found = 0;
            start = System.nanoTime();
            for (int q = 0; q < queryVectors.length; q++) {
                SearchResults results = index.search(queryVectors[q], k, HnswSearchParameters.ef(ef));
                long[] expected = truth.get((long) q);
                if (expected != null) {
                    for (int ordinal : results.ordinals()) {
                        found += Arrays.stream(expected).anyMatch(id -> id == ordinal) ? 1 : 0;
                    }
                }
            }
            double queriesPerSecond = queryVectors.length / ((System.nanoTime() - start) / 1e9);
            return new SingleIndex((double) found / (truth.size() * k), queriesPerSecond, buildSeconds);
        }
    }

    private static float[][] vectors(Dataset<Row> frame) {
        List<Row> rows = frame.orderBy("id").collectAsList();
        return rows.stream().map(row -> InputColumns.vector(row, 1)).toArray(float[][]::new);
    }

    /** The exact top-k item ids of the first {@code recallQueries} queries, by inner product. */
    private Map<Long, long[]> bruteForce(float[][] itemVectors, float[][] queryVectors) {
        Map<Long, long[]> truth = new HashMap<>();
        IntStream.range(0, Math.min(recallQueries, queryVectors.length)).parallel().forEach(q -> {
            float[] query = queryVectors[q];
            double[] scores = new double[itemVectors.length];
            for (int i = 0; i < itemVectors.length; i++) {
                double dot = 0;
                for (int j = 0; j < query.length; j++) {
                    dot += (double) query[j] * itemVectors[i][j];
                }
                scores[i] = dot;
            }
            long[] best = IntStream.range(0, itemVectors.length).boxed()
                    .sorted((a, b) -> Double.compare(scores[b], scores[a])).limit(k).mapToLong(Integer::longValue).toArray();
            synchronized (truth) {
                truth.put((long) q, best);
            }
        });
        return truth;
    }

    private double recall(List<Row> results, Map<Long, long[]> truth) {
        long found = 0;
        for (Row row : results) {
            long[] expected = truth.get(row.getLong(0));
            if (expected != null) {
                List<Row> neighbours = row.getList(1);
                for (Row neighbour : neighbours) {
                    long id = neighbour.getLong(0);
                    found += Arrays.stream(expected).anyMatch(e -> e == id) ? 1 : 0;
                }
            }
        }
        return (double) found / (truth.size() * k);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String csv(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
