package dev.annex.spark;

import dev.annex.vector.Similarity;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the model does besides exact top-k: persistence, replicas, item→item with exclusions,
 * string ids and other feature types, empty shards. Data: clustered items with log-normal norms
 * (seeds in each test), brute force ({@link BruteForce}) as the oracle where answers are checked.
 */
class AnnexKnnModelTest {

    @TempDir
    Path directory;

    @Test
    void savedModelAnswersTheSameInANewSession() throws Exception {
        float[][] items = LocalSpark.clustered(31, 800, 16, 6);
        float[][] queries = LocalSpark.clustered(32, 40, 16, 6);
        AnnexKnnModel model = new AnnexKnn().setIndexSpec("HNSW8,efc40").setSimilarity("L2").setNumShards(3)
                .setIndexPath(directory.resolve("index").toString()).fit(LocalSpark.frame(items, 0))
                .setK(7).setEf(30).setOutputCol("neighbors");
        SparkResults before = SparkResults.of(model.transform(LocalSpark.frame(queries, 5_000)), "id");
        String saved = directory.resolve("model").toString();
        model.write().save(saved);

        LocalSpark.restart();
        LocalSpark.session();
        AnnexKnnModel loaded = AnnexKnnModel.load(saved);
        assertEquals(model.uid(), loaded.uid());
        assertEquals(7, loaded.getOrDefault(loaded.k()));
        assertEquals(30, loaded.getOrDefault(loaded.ef()));
        assertEquals(model.layout().buildId(), loaded.layout().buildId());
        SparkResults after = SparkResults.of(loaded.transform(LocalSpark.frame(queries, 5_000)), "id");
        for (Object query : before.ids().keySet()) {
            assertArrayEquals(before.ids().get(query), after.ids().get(query), "query " + query);
            // The same vectors scored again may differ in the last bit once the JIT compiles the kernels.
            assertArrayEquals(before.scores().get(query), after.scores().get(query), 1e-4f, "query " + query);
        }
        assertTrue(Files.exists(directory.resolve("model/index/index.properties")), "the model keeps a copy of its shards");
        Exception exists = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> loaded.write().save(saved));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
    }

    @Test
    void replicasAndShardsChangeNothingButTheWork() {
        float[][] items = LocalSpark.clustered(33, 500, 12, 5);
        Dataset<Row> frame = LocalSpark.frame(items, 0);
        AnnexKnnModel model = new AnnexKnn().setIndexSpec("Flat").setSimilarity("DOT").setNumShards(4)
                .setIndexPath(directory.resolve("index").toString()).fit(frame).setK(5);
        SparkResults one = SparkResults.of(model.transform(frame), "id");
        SparkResults three = SparkResults.of(model.setNumReplicas(3).transform(frame), "id");
        for (Object query : one.ids().keySet()) {
            assertArrayEquals(one.scores().get(query), three.scores().get(query), 1e-4f, "query " + query);
        }
    }

    @Test
    void itemToItemExcludesSelfAndTheExcludedIds() {
        float[][] items = LocalSpark.clustered(34, 300, 8, 4);
        AnnexKnnModel model = new AnnexKnn().setIndexSpec("Flat").setSimilarity("COSINE").setNumShards(3)
                .setIndexPath(directory.resolve("index").toString()).fit(LocalSpark.frame(items, 0)).setK(5);

        SparkResults self = SparkResults.of(model.setExcludeSelf(true).transform(LocalSpark.frame(items, 0)), "id");
        for (int i = 0; i < items.length; i++) {
            int[] truth = BruteForce.topK(Similarity.COSINE, items, items[i], 6);
            List<Object> got = Arrays.asList(self.ids().get((long) i));
            assertFalse(got.contains((long) i), "item " + i + " found itself");
            assertEquals((long) truth[1], got.get(0), "item " + i + ": the nearest other item");
        }

        // Exclude, per query, the items the unfiltered search returned first and third.
        SparkResults plain = SparkResults.of(model.setExcludeSelf(false).transform(LocalSpark.frame(items, 0)), "id");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            Object[] seen = plain.ids().get((long) i);
            rows.add(RowFactory.create((long) i, LocalSpark.boxed(items[i]), List.of(seen[0], seen[2])));
        }
        Dataset<Row> queries = LocalSpark.session().createDataFrame(rows, DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.LongType, false),
                DataTypes.createStructField("features", LocalSpark.floatArray(), false),
                DataTypes.createStructField("seen", DataTypes.createArrayType(DataTypes.LongType), true))));
        SparkResults filtered = SparkResults.of(model.setExcludeIdsCol("seen").transform(queries), "id");
        for (int i = 0; i < items.length; i++) {
            Object[] before = plain.ids().get((long) i);
            Object[] after = filtered.ids().get((long) i);
            assertArrayEquals(new Object[]{before[1], before[3], before[4]}, Arrays.copyOf(after, 3), "query " + i);
        }
    }

    @Test
    void stringIdsDoubleArraysAndMlVectorsGiveTheSameAnswers() {
        float[][] items = LocalSpark.clustered(35, 200, 6, 3);
        List<Row> asDoubles = new ArrayList<>();
        List<Row> asVectors = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            double[] components = new double[items[i].length];
            for (int j = 0; j < components.length; j++) {
                components[j] = items[i][j];
            }
            asDoubles.add(RowFactory.create("item-" + i, Arrays.stream(components).boxed().toList()));
            asVectors.add(RowFactory.create("item-" + i, Vectors.dense(components)));
        }
        Dataset<Row> doubles = LocalSpark.session().createDataFrame(asDoubles, DataTypes.createStructType(List.of(
                DataTypes.createStructField("name", DataTypes.StringType, false),
                DataTypes.createStructField("embedding", DataTypes.createArrayType(DataTypes.DoubleType), false))));
        Dataset<Row> vectors = LocalSpark.session().createDataFrame(asVectors, DataTypes.createStructType(List.of(
                DataTypes.createStructField("name", DataTypes.StringType, false),
                DataTypes.createStructField("embedding", SQLDataTypes.VectorType(), false))));
        AnnexKnn knn = new AnnexKnn().setIdCol("name").setFeaturesCol("embedding").setIndexSpec("Flat")
                .setSimilarity("L2").setNumShards(2);
        AnnexKnnModel fromDoubles = knn.setIndexPath(directory.resolve("doubles").toString()).fit(doubles).setK(4);
        AnnexKnnModel fromVectors = knn.setIndexPath(directory.resolve("vectors").toString()).fit(vectors).setK(4);
        SparkResults a = SparkResults.of(fromDoubles.transform(vectors), "name");
        SparkResults b = SparkResults.of(fromVectors.transform(doubles), "name");
        for (int i = 0; i < items.length; i++) {
            int[] truth = BruteForce.topK(Similarity.L2, items, items[i], 4);
            Object[] expected = Arrays.stream(truth).mapToObj(t -> "item-" + t).toArray();
            assertArrayEquals(expected, a.ids().get("item-" + i), "query item-" + i);
            assertArrayEquals(expected, b.ids().get("item-" + i), "query item-" + i);
        }
    }

    @Test
    void emptyShardsAnswerNothingAndTheRestStillMerge() {
        float[][] items = LocalSpark.clustered(36, 5, 4, 2);
        AnnexKnnModel model = new AnnexKnn().setIndexSpec("HNSW4,efc8").setSimilarity("L2").setNumShards(16)
                .setIndexPath(directory.resolve("index").toString()).fit(LocalSpark.frame(items, 0)).setK(10);
        assertTrue(Arrays.stream(model.layout().shardSizes()).filter(size -> size == 0).count() >= 11,
                "16 shards for 5 items leave at least 11 empty: " + Arrays.toString(model.layout().shardSizes()));
        SparkResults results = SparkResults.of(model.transform(LocalSpark.frame(items, 0)), "id");
        for (int i = 0; i < items.length; i++) {
            int[] truth = BruteForce.topK(Similarity.L2, items, items[i], 5);
            assertArrayEquals(Arrays.stream(truth).mapToObj(t -> (Object) (long) t).toArray(), results.ids().get((long) i),
                    "k=10 over 5 items returns all 5, best first");
        }
    }
}
