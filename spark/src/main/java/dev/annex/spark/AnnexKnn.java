package dev.annex.spark;

import dev.annex.api.IndexSpec;
import dev.annex.vector.Similarity;
import org.apache.spark.HashPartitioner;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

import java.util.Arrays;
import java.util.List;

/**
 * A Spark ML estimator that indexes items for top-k recall. {@link #fit} reads an id column
 * ({@code idCol}: int, long or string, unique) and a features column ({@code featuresCol}:
 * {@code array<float>}, {@code array<double>} or an ML Vector), checks every row first (a null or
 * NaN vector, a wrong length, a repeated id or a missing column fails naming the column and an
 * offending id, before any shard is built), splits the items into {@code numShards} shards by a
 * hash of their id, builds one Annex index per shard on the executors, in parallel, as
 * {@code indexSpec} says ({@code HNSW16}, {@code IVF1024,PQ16x8,Rerank10}, {@code Flat}, …) and
 * saves the shards under {@code indexPath} (a new path on any file system Hadoop can write to).
 * The result is an {@link AnnexKnnModel} that queries them.
 *
 * <pre>{@code
 * AnnexKnnModel model = new AnnexKnn().setIdCol("item").setFeaturesCol("embedding")
 *         .setSimilarity("DOT").setIndexSpec("HNSW16,efc200").setNumShards(8)
 *         .setIndexPath("hdfs:///recall/items-2026-11-30").fit(items);
 * Dataset<Row> candidates = model.setQueryIdCol("user").setK(100).setEf(200).transform(users);
 * }</pre>
 */
public final class AnnexKnn extends Estimator<AnnexKnnModel> {

    private final String uid;

    private final Param<String> idCol;
    private final Param<String> featuresCol;
    private final Param<String> indexSpec;
    private final Param<String> similarity;
    private final IntParam numShards;
    private final IntParam buildThreads;
    private final Param<String> indexPath;

    public AnnexKnn() {
        this(Identifiable$.MODULE$.randomUID("annexKnn"));
    }

    public AnnexKnn(String uid) {
        this.uid = uid;
        // Params take their owner's uid when made, so they are made after it is set.
        idCol = new Param<>(this, "idCol", "item ids: int, long or string, unique");
        featuresCol = new Param<>(this, "featuresCol",
                "item vectors: array<float>, array<double> or an ML Vector");
        indexSpec = new Param<>(this, "indexSpec",
                "Annex factory string of each shard's index, e.g. HNSW16,efc200 or IVF1024,PQ16x8,Rerank10 or Flat");
        similarity = new Param<>(this, "similarity", "L2, DOT (raw inner product) or COSINE",
                ParamValidators.inArray(Arrays.stream(Similarity.values()).map(Enum::name).toArray(String[]::new)));
        numShards = new IntParam(this, "numShards", "shards the items are split into",
                ParamValidators.inRange(1, 1 << 16));
        buildThreads = new IntParam(this, "buildThreads", "threads each shard is built with; unset keeps the index spec's",
                ParamValidators.inRange(1, IndexSpec.MAX_THREADS));
        indexPath = new Param<>(this, "indexPath",
                "where the shards are written: a path that does not exist yet, on any Hadoop file system");
        setDefault(idCol, "id");
        setDefault(featuresCol, "features");
        setDefault(indexSpec, "HNSW16");
        setDefault(similarity, "COSINE");
        setDefault(numShards, 1);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> idCol() {
        return idCol;
    }

    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> indexSpec() {
        return indexSpec;
    }

    public Param<String> similarity() {
        return similarity;
    }

    public IntParam numShards() {
        return numShards;
    }

    public IntParam buildThreads() {
        return buildThreads;
    }

    public Param<String> indexPath() {
        return indexPath;
    }

    public AnnexKnn setIdCol(String value) {
        return (AnnexKnn) set(idCol, value);
    }

    public AnnexKnn setFeaturesCol(String value) {
        return (AnnexKnn) set(featuresCol, value);
    }

    public AnnexKnn setIndexSpec(String value) {
        return (AnnexKnn) set(indexSpec, value);
    }

    public AnnexKnn setSimilarity(String value) {
        return (AnnexKnn) set(similarity, value);
    }

    public AnnexKnn setNumShards(int value) {
        return (AnnexKnn) set(numShards, value);
    }

    public AnnexKnn setBuildThreads(int value) {
        return (AnnexKnn) set(buildThreads, value);
    }

    public AnnexKnn setIndexPath(String value) {
        return (AnnexKnn) set(indexPath, value);
    }

    /** The index spec with {@code buildThreads} applied; a clear error when the factory string is bad. */
    private IndexSpec spec() {
        IndexSpec spec = IndexSpec.parse(getOrDefault(indexSpec));
        return isSet(buildThreads) ? ShardBuilder.withBuildThreads(spec, (Integer) getOrDefault(buildThreads)) : spec;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        IdKind.of(schema, getOrDefault(idCol), "id");
        InputColumns.checkFeatures(schema, getOrDefault(featuresCol), "features");
        return schema;
    }

    @Override
    public AnnexKnnModel fit(Dataset<?> dataset) {
        Dataset<Row> items = dataset.toDF();
        transformSchema(items.schema());
        if (!isDefined(indexPath)) {
            throw new IllegalArgumentException("indexPath is not set: name a new directory for the shards");
        }
        String directory = getOrDefault(indexPath);
        IndexSpec spec = spec();
        HadoopFiles files = HadoopFiles.of(items.sparkSession().sparkContext().hadoopConfiguration());
        if (files.exists(directory)) {
            throw new IllegalArgumentException("indexPath " + directory
                    + " already exists; give every fit a new path so no index is overwritten");
        }
        String idColumn = getOrDefault(idCol);
        String featuresColumn = getOrDefault(featuresCol);
        IdKind idKind = IdKind.of(items.schema(), idColumn, "id");
        Dataset<Row> prepared = InputColumns.prepare(items, idColumn, idKind, featuresColumn);
        int dimension = InputColumns.checkItems(prepared, idColumn, featuresColumn);

        int shards = (Integer) getOrDefault(numShards);
        ShardLayout planned = ShardLayout.planned(directory, dimension, Similarity.valueOf(getOrDefault(similarity)),
                spec.toString(), idKind, shards);
        // HashPartitioner sends Integer key s in [0, shards) to partition s: one task per shard.
        List<ShardBuilder.Built> built = prepared.javaRDD()
                .mapToPair(row -> new Tuple2<>(planned.shardOf(row.get(0)), new ShardBuilder.Item(row.get(0),
                        InputColumns.vector(row, 1))))
                .partitionBy(new HashPartitioner(shards))
                .values()
                .mapPartitionsWithIndex((shard, shardItems) -> List.of(ShardBuilder.build(planned, files, shard,
                        shardItems)).iterator(), true)
                .collect();
        int[] sizes = new int[shards];
        built.forEach(shard -> sizes[shard.shard()] = shard.items());
        ShardLayout layout = planned.withSizes(sizes);
        layout.write(files);

        AnnexKnnModel model = new AnnexKnnModel(Identifiable$.MODULE$.randomUID("annexKnnModel"), layout);
        model.setFeaturesCol(featuresColumn).setQueryIdCol(idColumn);
        return model.setParent(this);
    }

    @Override
    public AnnexKnn copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
