package dev.annex.spark;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The fitted model of {@link AnnexKnn}: sharded Annex indices and the settings to query them.
 * {@link #transform} adds to each query row a column ({@code outputCol}, default
 * {@code neighbors}) of its top {@code k} items as {@code array<struct<id, score>>}, best first.
 * Scores are Annex's, higher is better: the inner product, the cosine, or the negated squared
 * Euclidean distance.
 *
 * <p>Every query is sent to every shard (to one of {@code numReplicas} copies of the shard's
 * task, chosen by a hash of the query id), searched there with {@code ef} (HNSW) or
 * {@code nprobe} (IVF-PQ), and the per-shard lists are merged per query by a combining shuffle.
 * Query ids must be unique within one call: they key the merge and the join that attaches the
 * results to the query rows (the query frame is read twice; cache it when it is costly).
 * With {@code excludeSelf} the item whose id equals the query id is never returned (item→item
 * recall on the items themselves); {@code excludeIdsCol} names an optional column of ids each
 * query must not get back ("already seen").
 *
 * <p>The model saves the shards with it ({@link #write()}) and {@link #load} restores it in any session.
 */
public final class AnnexKnnModel extends Model<AnnexKnnModel> implements MLWritable {

    private static final String MODEL_FILE = "model.properties";
    private static final String INDEX_DIRECTORY = "index";
    /** The key column of the merged results before they are joined to the queries. */
    private static final String QUERY_KEY = "__annex_query";
    private static final String EXCLUDED = "__annex_excluded";

    private final String uid;
    private final ShardLayout layout;

    private final Param<String> featuresCol;
    private final Param<String> queryIdCol;
    private final Param<String> outputCol;
    private final IntParam k;
    private final IntParam ef;
    private final IntParam nprobe;
    private final IntParam numReplicas;
    private final BooleanParam excludeSelf;
    private final Param<String> excludeIdsCol;

    AnnexKnnModel(String uid, ShardLayout layout) {
        this.uid = uid;
        this.layout = layout;
        // Params take their owner's uid when made, so they are made after it is set.
        featuresCol = new Param<>(this, "featuresCol",
                "query vectors: array<float>, array<double> or an ML Vector");
        queryIdCol = new Param<>(this, "queryIdCol",
                "query ids (int, long or string), unique within a call");
        outputCol = new Param<>(this, "outputCol", "the column of neighbours added");
        k = new IntParam(this, "k", "neighbours per query", ParamValidators.inRange(1, 1 << 20));
        ef = new IntParam(this, "ef", "HNSW candidate list size (raised to k when smaller)",
                ParamValidators.inRange(1, 1 << 20));
        nprobe = new IntParam(this, "nprobe", "IVF-PQ lists scanned per shard",
                ParamValidators.inRange(1, 1 << 20));
        numReplicas = new IntParam(this, "numReplicas",
                "search tasks per shard: each query goes to one of them", ParamValidators.inRange(1, 1 << 16));
        excludeSelf = new BooleanParam(this, "excludeSelf",
                "never return the item whose id is the query id");
        excludeIdsCol = new Param<>(this, "excludeIdsCol",
                "optional array column of item ids a query must not get back; empty for none");
        setDefault(featuresCol, "features");
        setDefault(queryIdCol, "id");
        setDefault(outputCol, "neighbors");
        setDefault(k, 10);
        setDefault(ef, 100);
        setDefault(nprobe, 16);
        setDefault(numReplicas, 1);
        setDefault(excludeSelf, false);
        setDefault(excludeIdsCol, "");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** Where the shards are, and what they hold. */
    public ShardLayout layout() {
        return layout;
    }

    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> queryIdCol() {
        return queryIdCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public IntParam k() {
        return k;
    }

    public IntParam ef() {
        return ef;
    }

    public IntParam nprobe() {
        return nprobe;
    }

    public IntParam numReplicas() {
        return numReplicas;
    }

    public BooleanParam excludeSelf() {
        return excludeSelf;
    }

    public Param<String> excludeIdsCol() {
        return excludeIdsCol;
    }

    public AnnexKnnModel setFeaturesCol(String value) {
        return (AnnexKnnModel) set(featuresCol, value);
    }

    public AnnexKnnModel setQueryIdCol(String value) {
        return (AnnexKnnModel) set(queryIdCol, value);
    }

    public AnnexKnnModel setOutputCol(String value) {
        return (AnnexKnnModel) set(outputCol, value);
    }

    public AnnexKnnModel setK(int value) {
        return (AnnexKnnModel) set(k, value);
    }

    public AnnexKnnModel setEf(int value) {
        return (AnnexKnnModel) set(ef, value);
    }

    public AnnexKnnModel setNprobe(int value) {
        return (AnnexKnnModel) set(nprobe, value);
    }

    public AnnexKnnModel setNumReplicas(int value) {
        return (AnnexKnnModel) set(numReplicas, value);
    }

    public AnnexKnnModel setExcludeSelf(boolean value) {
        return (AnnexKnnModel) set(excludeSelf, value);
    }

    public AnnexKnnModel setExcludeIdsCol(String value) {
        return (AnnexKnnModel) set(excludeIdsCol, value);
    }

    private int intValue(IntParam param) {
        return (Integer) getOrDefault(param);
    }

    private boolean excludesIds() {
        return !getOrDefault(excludeIdsCol).isEmpty();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        IdKind queryKind = IdKind.of(schema, getOrDefault(queryIdCol), "query id");
        InputColumns.checkFeatures(schema, getOrDefault(featuresCol), "query features");
        if ((Boolean) getOrDefault(excludeSelf) && queryKind != layout.idKind()) {
            throw new IllegalArgumentException("excludeSelf compares query ids with item ids, but query id column '"
                    + getOrDefault(queryIdCol) + "' holds " + queryKind + " ids and the items have " + layout.idKind());
        }
        if (excludesIds()) {
            String column = getOrDefault(excludeIdsCol);
            if (!(InputColumns.field(schema, column, "excluded ids").dataType() instanceof ArrayType)) {
                throw new IllegalArgumentException("excluded ids column '" + column + "' has type "
                        + schema.apply(column).dataType().simpleString() + "; it must be an array of item ids");
            }
        }
        String output = getOrDefault(outputCol);
        if (Arrays.asList(schema.fieldNames()).contains(output)) {
            throw new IllegalArgumentException("output column '" + output + "' already exists in the queries");
        }
        return schema.add(output, neighboursType(), false);
    }

    private ArrayType neighboursType() {
        return DataTypes.createArrayType(DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", layout.idKind().sparkType(), false),
                DataTypes.createStructField("score", DataTypes.FloatType, false))), false);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Dataset<Row> queries = dataset.toDF();
        transformSchema(queries.schema());
        String idColumn = getOrDefault(queryIdCol);
        IdKind queryKind = IdKind.of(queries.schema(), idColumn, "query id");
        Column excluded = excludesIds()
                ? col(getOrDefault(excludeIdsCol)).cast(DataTypes.createArrayType(layout.idKind().sparkType()))
                : lit(null).cast(DataTypes.createArrayType(layout.idKind().sparkType()));
        Dataset<Row> prepared = InputColumns.prepare(queries, idColumn, queryKind, getOrDefault(featuresCol),
                excluded.as(EXCLUDED));

        SparkSession session = queries.sparkSession();
        HadoopFiles files = HadoopFiles.of(session.sparkContext().hadoopConfiguration());
        ShardLayout shards = layout;
        int replicas = intValue(numReplicas);
        int neighbours = intValue(k);
        ShardSearcher.Settings settings = new ShardSearcher.Settings(neighbours, intValue(ef), intValue(nprobe),
                (Boolean) getOrDefault(excludeSelf));
        String featuresColumn = getOrDefault(featuresCol);

        // HashPartitioner sends Integer key p in [0, partitions) to partition p: one task per shard replica.
        JavaPairRDD<Integer, ShardSearcher.Query> routed = prepared.javaRDD()
                .flatMapToPair(row -> routes(row, idColumn, featuresColumn, shards.shards(), replicas))
                .partitionBy(new HashPartitioner(shards.shards() * replicas));
        JavaRDD<Tuple2<Object, Neighbours>> partial = routed.mapPartitionsWithIndex(
                (partition, routedQueries) -> ShardSearcher.searchAll(shards, files, partition / replicas,
                        routedQueries, settings), false);
        JavaRDD<Row> merged = JavaPairRDD.fromJavaRDD(partial)
                .reduceByKey((a, b) -> a.merge(b, neighbours))
                .map(entry -> {
                    if (entry._2().searches() != shards.shards()) {
                        throw new IllegalArgumentException("query id " + entry._1() + " appears "
                                + entry._2().searches() / shards.shards() + " times in query id column '" + idColumn
                                + "'; query ids must be unique within one call");
                    }
                    return RowFactory.create(entry._1(), entry._2().toRows());
                });
        StructType resultSchema = new StructType(new StructField[]{
                DataTypes.createStructField(QUERY_KEY, queryKind.sparkType(), false),
                DataTypes.createStructField(getOrDefault(outputCol), neighboursType(), false)});
        Dataset<Row> results = session.createDataFrame(merged, resultSchema);
        return queries.join(results, queryKind.column(idColumn).equalTo(results.col(QUERY_KEY)), "left")
                .drop(QUERY_KEY);
    }

    private static java.util.Iterator<Tuple2<Integer, ShardSearcher.Query>> routes(
            Row row, String idColumn, String featuresColumn, int shards, int replicas) {
        if (row.isNullAt(0)) {
            throw new IllegalArgumentException("query id column '" + idColumn + "' holds a null id");
        }
        Object id = row.get(0);
        if (row.isNullAt(1)) {
            throw new IllegalArgumentException("query id " + id + ": features column '" + featuresColumn + "' is null");
        }
        Object[] excludedIds = row.isNullAt(2) ? null : row.getList(2).toArray();
        ShardSearcher.Query query = new ShardSearcher.Query(id, InputColumns.vector(row, 1), excludedIds);
        int replica = Math.floorMod(IdKind.stableHash(id), replicas);
        List<Tuple2<Integer, ShardSearcher.Query>> routes = new ArrayList<>(shards);
        for (int shard = 0; shard < shards; shard++) {
            routes.add(new Tuple2<>(shard * replicas + replica, query));
        }
        return routes.iterator();
    }

    @Override
    public AnnexKnnModel copy(ParamMap extra) {
        return copyValues(new AnnexKnnModel(uid, layout), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /** A reader for models saved with {@link #write()}. */
    public static MLReader<AnnexKnnModel> read() {
        return new Reader();
    }

    /** Loads a model saved with {@link #write()} or {@code save(path)}. */
    public static AnnexKnnModel load(String path) {
        return read().load(path);
    }

    /** Saves {@code model.properties} (uid and parameters) and a copy of the shards under {@code index/}. */
    private static final class Writer extends MLWriter {
        private final AnnexKnnModel model;

        Writer(AnnexKnnModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            HadoopFiles files = HadoopFiles.of(sparkSession().sparkContext().hadoopConfiguration());
            try {
                files.copyTree(model.layout.directory(), path + "/" + INDEX_DIRECTORY);
                Properties properties = new Properties();
                properties.setProperty("class", AnnexKnnModel.class.getName());
                properties.setProperty("uid", model.uid);
                properties.setProperty("sparkVersion", sparkSession().version());
                for (Param<?> param : model.params()) {
                    if (model.isSet(param)) {
                        properties.setProperty("param." + param.name(), jsonOf(model, param));
                    }
                }
                try (OutputStream out = files.create(path + "/" + MODEL_FILE)) {
                    properties.store(new OutputStreamWriter(out, StandardCharsets.UTF_8), "Annex kNN model");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save the model to " + path + ": " + e.getMessage(), e);
            }
        }

        @SuppressWarnings("unchecked")
        private static String jsonOf(AnnexKnnModel model, Param<?> param) {
            Param<Object> typed = (Param<Object>) param;
            return typed.jsonEncode(model.getOrDefault(typed));
        }
    }

    private static final class Reader extends MLReader<AnnexKnnModel> {
        @Override
        @SuppressWarnings("unchecked")
        public AnnexKnnModel load(String path) {
            HadoopFiles files = HadoopFiles.of(sparkSession().sparkContext().hadoopConfiguration());
            Properties properties = new Properties();
            try (InputStream in = files.open(path + "/" + MODEL_FILE)) {
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read an Annex kNN model at " + path + ": " + e.getMessage(), e);
            }
            if (!AnnexKnnModel.class.getName().equals(properties.getProperty("class"))) {
                throw new IllegalArgumentException(path + " holds a " + properties.getProperty("class")
                        + ", not an " + AnnexKnnModel.class.getName());
            }
            AnnexKnnModel model = new AnnexKnnModel(properties.getProperty("uid"),
                    ShardLayout.read(files, path + "/" + INDEX_DIRECTORY));
            for (Param<?> param : model.params()) {
                String json = properties.getProperty("param." + param.name());
                if (json != null) {
                    Param<Object> typed = (Param<Object>) param;
                    model.set(typed, typed.jsonDecode(json));
                }
            }
            return model;
        }
    }
}
