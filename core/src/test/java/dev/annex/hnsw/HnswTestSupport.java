package dev.annex.hnsw;

import dev.annex.TestData;
import dev.annex.api.ExactSearchParameters;
import dev.annex.api.FlatSpec;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.api.VectorIndex;
import dev.annex.exact.ExactIndex;
import dev.annex.vector.Similarity;

/** Builds indices over seeded data and measures recall against the exact index, the oracle. */
final class HnswTestSupport {

    private HnswTestSupport() {
    }

    static HnswIndex build(float[][] data, Similarity similarity, HnswSpec config) {
        HnswIndex index = new HnswIndex(data[0].length, similarity, config);
        index.addAll(data);
        return index;
    }

    static ExactIndex exact(float[][] data, Similarity similarity) {
        ExactIndex exact = new ExactIndex(data[0].length, similarity, new FlatSpec(2));
        for (float[] v : data) {
            exact.add(v);
        }
        return exact;
    }

    /** Mean recall@k of {@code index} at {@code parameters} against {@code oracle} over {@code queries}. */
    static double recall(VectorIndex index, VectorIndex oracle, float[][] queries, int k, HnswSearchParameters parameters) {
        double sum = 0;
        for (float[] query : queries) {
            sum += TestData.recall(index.search(query, k, parameters),
                    oracle.search(query, k, new ExactSearchParameters(parameters.filter())), k);
        }
        return sum / queries.length;
    }
}
