package dev.annex.spark;

import dev.annex.vector.Similarity;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the {@code Flat} spec every shard answers exactly, so the distributed top-k must equal the
 * brute-force oracle ({@link BruteForce}, double precision) for every query, up to ties within
 * 1e-5 — whatever the similarity and however many shards (7 shards on 2 executor threads
 * runs more shards than executors). Data: 600 overlapping clustered items of 24 components with
 * log-normal norms (seed 11), 50 queries (seed 12).
 */
class AnnexKnnExactnessTest {

    private static final int K = 10;

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0}, {1} shards")
    @CsvSource({"L2, 1", "L2, 3", "L2, 7", "DOT, 1", "DOT, 3", "DOT, 7", "COSINE, 1", "COSINE, 3", "COSINE, 7"})
    void shardedFlatTopKEqualsBruteForce(Similarity similarity, int shards) {
        float[][] items = LocalSpark.clustered(11, 600, 24, 8);
        float[][] queries = LocalSpark.clustered(12, 50, 24, 8);
        AnnexKnnModel model = new AnnexKnn().setIndexSpec("Flat").setSimilarity(similarity.name())
                .setNumShards(shards).setIndexPath(directory.resolve("index").toString())
                .fit(LocalSpark.frame(items, 0));
        assertEquals(shards, model.layout().shards());
        assertEquals(items.length, model.layout().items());

        SparkResults results = SparkResults.of(model.setK(K).transform(LocalSpark.frame(queries, 100_000)), "id");
        assertEquals(queries.length, results.ids().size());
        for (int q = 0; q < queries.length; q++) {
            int[] truth = BruteForce.topK(similarity, items, queries[q], K);
            Object[] ids = results.ids().get(100_000L + q);
            float[] scores = results.scores().get(100_000L + q);
            assertEquals(K, ids.length, "query " + q);
            for (int rank = 0; rank < K; rank++) {
                double expected = BruteForce.score(similarity, queries[q], items[truth[rank]]);
                double actual = BruteForce.score(similarity, queries[q], items[(int) (long) (Long) ids[rank]]);
                double tolerance = 1e-5 * Math.max(1, Math.abs(expected));
                assertEquals(expected, actual, tolerance, "query " + q + " rank " + rank + ": item " + ids[rank]
                        + " is not the oracle's item " + truth[rank] + " nor tied with it");
                assertEquals(actual, scores[rank], tolerance * 10, "reported score of item " + ids[rank]);
            }
            assertTrue(java.util.Arrays.stream(ids).distinct().count() == K, "ids repeat for query " + q + ": "
                    + java.util.Arrays.toString(ids));
        }
    }
}
