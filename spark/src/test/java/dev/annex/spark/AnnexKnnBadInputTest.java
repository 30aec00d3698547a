package dev.annex.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad items fail {@code fit} before any shard is built, naming the column and an offending id;
 * bad queries fail {@code transform} naming the query id; an existing index path is never
 * overwritten.
 */
class AnnexKnnBadInputTest {

    @TempDir
    Path directory;

    private Path index() {
        return directory.resolve("index");
    }

    private AnnexKnn knn() {
        return new AnnexKnn().setIndexSpec("HNSW8").setSimilarity("L2").setNumShards(2).setIndexPath(index().toString());
    }

    /** Items 0..19 of 4 components, with {@code vectors} replacing some rows (null for a null vector). */
    private static Dataset<Row> items(long[] ids, Float[][] replaced) {
        List<Row> rows = new ArrayList<>();
        float[][] vectors = LocalSpark.clustered(41, ids.length, 4, 2);
        for (int i = 0; i < ids.length; i++) {
            List<Float> vector = replaced[i] != null ? Arrays.asList(replaced[i]) : LocalSpark.boxed(vectors[i]);
            rows.add(RowFactory.create(ids[i], replaced[i] == NULL_VECTOR ? null : vector));
        }
        return LocalSpark.session().createDataFrame(rows, DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.LongType, true),
                DataTypes.createStructField("features", LocalSpark.floatArray(), true))));
    }

    private static final Float[] NULL_VECTOR = new Float[0];

    private static Dataset<Row> itemsWith(int row, Float[] replacement) {
        long[] ids = java.util.stream.LongStream.range(0, 20).toArray();
        Float[][] replaced = new Float[20][];
        replaced[row] = replacement;
        return items(ids, replaced);
    }

    private void assertFitFails(Dataset<Row> items, String... fragments) {
        assertFails(() -> knn().fit(items), fragments);
        assertFalse(Files.exists(index()), "nothing may be written for rejected items");
    }

    private static void assertFails(Executable action, String... fragments) {
        Exception error = assertThrows(Exception.class, action);
        String message = error.getMessage();
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            message += " / " + cause.getMessage();
        }
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "'" + fragment + "' missing from: " + message);
        }
    }

    @Test
    void nullVectorIsNamedByItsId() {
        assertFitFails(itemsWith(7, NULL_VECTOR), "item id 7", "'features'", "null");
    }

    @Test
    void wrongLengthIsNamedByItsId() {
        assertFitFails(itemsWith(11, new Float[]{1f, 2f, 3f}), "item id 11", "3 components", "have 4");
    }

    @Test
    void nanAndInfinityAreNamedByTheirId() {
        assertFitFails(itemsWith(3, new Float[]{1f, Float.NaN, 0f, 0f}), "item id 3", "NaN");
        assertFitFails(itemsWith(4, new Float[]{1f, Float.POSITIVE_INFINITY, 0f, 0f}), "item id 4", "infinite");
    }

    @Test
    void duplicateAndNullIdsAreRefused() {
        long[] ids = java.util.stream.LongStream.range(0, 20).toArray();
        ids[15] = 9;
        assertFitFails(items(ids, new Float[20][]), "item id 9 appears 2 times", "'id'");
        Dataset<Row> nullId = itemsWith(0, null).withColumn("id",
                org.apache.spark.sql.functions.when(org.apache.spark.sql.functions.col("id").equalTo(5), null)
                        .otherwise(org.apache.spark.sql.functions.col("id")));
        assertFitFails(nullId, "id column 'id' holds a null id");
    }

    @Test
    void missingOrMistypedColumnsAreNamed() {
        assertFitFails(itemsWith(0, null).withColumnRenamed("features", "vec"), "features column 'features' is missing", "vec");
        assertFitFails(itemsWith(0, null).withColumn("id", org.apache.spark.sql.functions.lit(1.5)), "'id'", "double");
        assertFitFails(itemsWith(0, null).withColumn("features", org.apache.spark.sql.functions.lit("x")), "'features'", "string");
    }

    @Test
    void badSpecAndMissingPathAreRefusedBeforeAnyWork() {
        assertFails(() -> knn().setIndexSpec("HNSW").fit(itemsWith(0, null)), "HNSW");
        assertFails(() -> new AnnexKnn().fit(itemsWith(0, null)), "indexPath is not set");
        assertFails(() -> knn().setSimilarity("EUCLID"), "similarity", "EUCLID");
    }

    @Test
    void anExistingIndexPathIsNeverOverwritten() throws Exception {
        Files.createDirectories(index());
        Files.writeString(index().resolve("keep.txt"), "mine");
        assertFails(() -> knn().fit(itemsWith(0, null)), "already exists", index().toString());
        assertTrue(Files.readString(index().resolve("keep.txt")).equals("mine"));
    }

    @Test
    void badQueriesAreNamedByTheirId() {
        AnnexKnnModel model = knn().fit(itemsWith(0, null));
        assertFails(() -> model.transform(itemsWith(6, new Float[]{1f, 2f})).collectAsList(), "query id 6", "dimension");
        assertFails(() -> model.transform(itemsWith(8, NULL_VECTOR)).collectAsList(), "query id 8", "null");
        long[] ids = java.util.stream.LongStream.range(0, 20).toArray();
        ids[3] = 2;
        assertFails(() -> model.transform(items(ids, new Float[20][])).collectAsList(), "query id 2 appears 2 times");
        assertFails(() -> model.setExcludeIdsCol("seen").transform(itemsWith(0, null)), "excluded ids column 'seen' is missing");
        assertFails(() -> model.setExcludeIdsCol("").setOutputCol("features").transform(itemsWith(0, null)),
                "output column 'features' already exists");
    }
}
