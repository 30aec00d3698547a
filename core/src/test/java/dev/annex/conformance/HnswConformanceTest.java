package dev.annex.conformance;

import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.api.IndexSpec;
import dev.annex.api.SearchParameters;
import dev.annex.util.Bits;
import dev.annex.vector.Similarity;

/** HNSW at M=12, efConstruction 100, ef 64. */
class HnswConformanceTest extends VectorIndexConformance {

    @Override
    IndexSpec spec(Similarity similarity) {
        return new HnswSpec(12, 100, 7L, 1);
    }

    @Override
    SearchParameters parameters(Bits filter) {
        return new HnswSearchParameters(64, filter);
    }

    @Override
    double recallFloor(Similarity similarity) {
        return 0.95;
    }
}
