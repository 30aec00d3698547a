package dev.annex.spark;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import scala.jdk.javaapi.CollectionConverters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * The batch job for people without Spark code of their own: reads items (and optionally queries)
 * from Parquet, fits {@link AnnexKnn}, writes every query's top-k neighbours to Parquet.
 * {@code spark-submit --class dev.annex.spark.AnnexKnnJob … --items … --output …}, or locally
 * {@code ./annex-spark --demo 20000 --output …}; {@code --help} lists the options.
 */
@Command(name = "annex-spark", mixinStandardHelpOptions = true, versionProvider = AnnexKnnJob.Version.class,
        description = "Top-k recall on Spark: builds sharded Annex indices over the items and writes the neighbours of "
                + "every query (item->item when --queries is left out) as Parquet: the query id and "
                + "neighbors: array<struct<id, score>>, best first.")
public final class AnnexKnnJob implements Callable<Integer> {

    @Option(names = "--items", description = "Parquet items: an id column and a features column.")
    String items;

    @Option(names = "--demo", paramLabel = "N", description = "Instead of --items, write N seeded 64-d items "
            + "(clustered, log-normal norms) as Parquet next to the output and use them.")
    Integer demoItems;

    @Option(names = "--queries", description = "Parquet queries; default: the items themselves (item->item).")
    String queries;

    @Option(names = "--output", required = true, description = "Where the neighbours are written (must not exist).")
    String output;

    @Option(names = "--index-path", description = "Where the shards are written (must not exist); default: OUTPUT-index.")
    String indexPath;

    @Option(names = "--save-model", description = "Also save the fitted model here, to load with AnnexKnnModel.load.")
    String modelPath;

    @Option(names = "--id-col", defaultValue = "id", description = "Item id column (int, long or string; default: ${DEFAULT-VALUE}).")
    String idColumn;

    @Option(names = "--features-col", defaultValue = "features",
            description = "Item features column (array<float>, array<double> or ML Vector; default: ${DEFAULT-VALUE}).")
    String featuresColumn;

    @Option(names = "--query-id-col", description = "Query id column; default: the item id column.")
    String queryIdColumn;

    @Option(names = "--query-features-col", description = "Query features column; default: the item features column.")
    String queryFeaturesColumn;

    @Option(names = "--exclude-ids-col", description = "Query column of item ids that query must not get back.")
    String excludeIdsColumn;

    @Option(names = "--spec", defaultValue = "HNSW16", description = "Annex index spec of every shard (default: ${DEFAULT-VALUE}).")
    String spec;

    @Option(names = "--similarity", defaultValue = "COSINE", description = "L2, DOT or COSINE (default: ${DEFAULT-VALUE}).")
    String similarity;

    @Option(names = "--shards", defaultValue = "1", description = "Shards (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--replicas", defaultValue = "1", description = "Search tasks per shard (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--build-threads", description = "Threads per shard build; default: the spec's.")
    Integer buildThreads;

    @Option(names = "--k", defaultValue = "10", description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--ef", defaultValue = "100", description = "HNSW search list size (default: ${DEFAULT-VALUE}).")
    int ef;

    @Option(names = "--nprobe", defaultValue = "16", description = "IVF-PQ lists scanned per shard (default: ${DEFAULT-VALUE}).")
    int nprobe;

    @Option(names = "--exclude-self", description = "Never return the item whose id is the query's.")
    boolean excludeSelf;

    @Option(names = "--master", description = "Spark master; default: what spark-submit set, else local[*] on loopback.")
    String master;

    /** Seed of the first demo item. */
    static final long DEMO_SEED = 2026;

    public static void main(String[] args) {
        CommandLine command = new CommandLine(new AnnexKnnJob());
        command.setExecutionExceptionHandler((error, line, parsed) -> {
            line.getErr().println("annex-spark: " + rootMessage(error));
            return 1;
        });
        int exitCode = command.execute(args);
        SparkSession.getActiveSession().foreach(session -> {
            session.stop();
            return null;
        });
        System.exit(exitCode);
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == error ? String.valueOf(error.getMessage()) : error.getMessage() + " (" + cause.getMessage() + ")";
    }

    @Override
    public Integer call() throws java.io.IOException {
        if ((items == null) == (demoItems == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "give exactly one of --items and --demo");
        }
        SparkSession spark = session();
        PrintWriter out = new PrintWriter(System.out, true);
        if (demoItems != null) {
            items = output + "-demo-items";
            demoFrame(spark, demoItems, DEMO_SEED).write().parquet(items);
            out.println("annex-spark: wrote " + demoItems + " demo items to " + items);
        }
        Dataset<Row> itemFrame = spark.read().parquet(items);
        Dataset<Row> queryFrame = queries == null ? itemFrame : spark.read().parquet(queries);
        String index = indexPath != null ? indexPath : output + "-index";

        AnnexKnn knn = new AnnexKnn().setIdCol(idColumn).setFeaturesCol(featuresColumn).setIndexSpec(spec)
                .setSimilarity(similarity.toUpperCase(java.util.Locale.ROOT)).setNumShards(shards).setIndexPath(index);
        if (buildThreads != null) {
            knn.setBuildThreads(buildThreads);
        }
        long start = System.nanoTime();
        AnnexKnnModel model = knn.fit(itemFrame);
        double fitSeconds = (System.nanoTime() - start) / 1e9;
        model.setK(k).setEf(ef).setNprobe(nprobe).setNumReplicas(replicas).setExcludeSelf(excludeSelf)
                .setQueryIdCol(queryIdColumn != null ? queryIdColumn : idColumn)
                .setFeaturesCol(queryFeaturesColumn != null ? queryFeaturesColumn : featuresColumn);
        if (excludeIdsColumn != null) {
            model.setExcludeIdsCol(excludeIdsColumn);
        }
        if (modelPath != null) {
            model.write().save(modelPath);
        }
        start = System.nanoTime();
        Dataset<Row> neighbours = model.transform(queryFrame)
                .select(model.getOrDefault(model.queryIdCol()), model.getOrDefault(model.outputCol()));
        neighbours.write().parquet(output);
        double transformSeconds = (System.nanoTime() - start) / 1e9;
        out.println("annex-spark: the first rows of " + output + ":");
        spark.read().parquet(output).limit(3).collectAsList().forEach(row -> out.println("  " + row));
        out.printf("annex-spark: %d items in %d shards (%s, %s) built in %.1f s at %s; neighbours written in %.1f s to %s%n",
                model.layout().items(), model.layout().shards(), model.layout().spec(), model.layout().similarity(),
                fitSeconds, index, transformSeconds, output);
        return 0;
    }

    /** The active session (spark-submit's), or one on {@code --master}; local masters stay on loopback. */
    private SparkSession session() {
        SparkSession.Builder builder = SparkSession.builder().appName("annex-knn");
        String chosen = master != null ? master : System.getProperty("spark.master");
        if (chosen == null) {
            chosen = "local[*]";
        }
        builder.master(chosen);
        if (chosen.startsWith("local")) {
            builder.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                    .config("spark.ui.enabled", "false").config("spark.log.level", "WARN");
        }
        return builder.getOrCreate();
    }

    /**
     * {@code n} seeded 64-d items in 50 overlapping clusters with log-normal norms, ids 0..n-1,
     * generated on the executors (item i from seed {@code firstSeed + i}; the clusters are always the same).
     */
    static Dataset<Row> demoFrame(SparkSession spark, int n, long firstSeed) {
        int dimension = 64;
        Random random = new Random(2026);
        float[][] centres = new float[50][dimension];
        for (float[] centre : centres) {
            for (int j = 0; j < dimension; j++) {
                centre[j] = (float) random.nextGaussian();
            }
        }
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.LongType, false),
                DataTypes.createStructField("features", DataTypes.createArrayType(DataTypes.FloatType), false)));
        return spark.range(n).map((MapFunction<Long, Row>) id -> {
            Random itemRandom = new Random(firstSeed + id);
            float[] centre = centres[itemRandom.nextInt(centres.length)];
            double norm = Math.exp(0.4 * itemRandom.nextGaussian());
            List<Float> vector = new ArrayList<>(dimension);
            for (int j = 0; j < dimension; j++) {
                vector.add((float) ((centre[j] + 0.7 * itemRandom.nextGaussian()) * norm));
            }
            return RowFactory.create(id, CollectionConverters.asScala(vector).toSeq());
        }, Encoders.row(schema));
    }

    /** The version printed by {@code --version}: the build's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = AnnexKnnJob.class.getPackage().getImplementationVersion();
            return new String[] {"annex-spark " + (version == null ? "development build" : version)};
        }
    }
}
