package dev.annex.spark;

import dev.annex.Indexes;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.IvfSearchParameters;
import dev.annex.api.SearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.api.VectorIndex;
import dev.annex.vector.Similarity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sharding must not cost recall: HNSW and IVF-PQ shards reach at least the recall@10 of one
 * single-machine index with the same spec and search settings, less 0.01 for HNSW and 0.02 for
 * IVF-PQ, whose shards each train their 32 lists on a third of the items and so probe coarser
 * cells at the same nprobe (measured 0.015 below the single index here; a lost shard would cost
 * about a third of the recall). Oracle: brute force
 * ({@link BruteForce}). Data: 6,000 items of 32 components around 20 overlapping clusters with
 * log-normal norms (seed 21), 200 queries (seed 22), DOT similarity; search settings low enough
 * (ef 20, nprobe 2) that the single index misses neighbours.
 */
class AnnexKnnRecallTest {

    private static final int K = 10;
    private static final float[][] ITEMS = LocalSpark.clustered(21, 6_000, 32, 20);
    private static final float[][] QUERIES = LocalSpark.clustered(22, 200, 32, 20);

    @TempDir
    Path directory;

    @Test
    void hnswShardsRecallAsMuchAsOneIndex() throws Exception {
        double single = singleIndexRecall("HNSW12,efc60", HnswSearchParameters.ef(20));
        double sharded = shardedRecall("HNSW12,efc60", model -> model.setEf(20));
        assertTrue(single < 0.99, "the data is too easy: one index already has recall " + single);
        assertTrue(sharded >= single - 0.01, "3 HNSW shards: recall " + sharded + ", one index: " + single);
    }

    @Test
    void ivfPqShardsRecallAsMuchAsOneIndex() throws Exception {
        double single = singleIndexRecall("IVF32,PQ8x8,Rerank4", IvfSearchParameters.nprobe(2));
        double sharded = shardedRecall("IVF32,PQ8x8,Rerank4", model -> model.setNprobe(2));
        assertTrue(single < 0.99, "the data is too easy: one index already has recall " + single);
        assertTrue(sharded >= single - 0.02, "3 IVF-PQ shards: recall " + sharded + ", one index: " + single);
    }

    private static Map<Object, Object[]> truth() {
        Map<Object, Object[]> truth = new HashMap<>();
        for (int q = 0; q < QUERIES.length; q++) {
            int[] best = BruteForce.topK(Similarity.DOT, ITEMS, QUERIES[q], K);
            truth.put(100_000L + q, java.util.Arrays.stream(best).mapToObj(i -> (Object) (long) i).toArray());
        }
        return truth;
    }

    private static double singleIndexRecall(String spec, SearchParameters parameters) {
        Map<Object, Object[]> found = new HashMap<>();
        try (VectorIndex index = Indexes.create(32, Similarity.DOT, spec)) {
            if (!index.isTrained()) {
                index.train(ITEMS);
            }
            index.addAll(ITEMS);
            for (int q = 0; q < QUERIES.length; q++) {
                SearchResults results = index.search(QUERIES[q], K, parameters);
                found.put(100_000L + q, java.util.Arrays.stream(results.ordinals()).mapToObj(i -> (Object) (long) i).toArray());
            }
        }
        return new SparkResults(found, Map.of()).recall(truth());
    }

    private double shardedRecall(String spec, java.util.function.UnaryOperator<AnnexKnnModel> settings) {
        AnnexKnnModel model = new AnnexKnn().setIndexSpec(spec).setSimilarity("DOT").setNumShards(3)
                .setIndexPath(directory.resolve("index").toString()).fit(LocalSpark.frame(ITEMS, 0));
        SparkResults results = SparkResults.of(settings.apply(model.setK(K)).transform(LocalSpark.frame(QUERIES, 100_000)), "id");
        return results.recall(truth());
    }
}
