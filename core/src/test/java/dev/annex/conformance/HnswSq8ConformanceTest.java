package dev.annex.conformance;

import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.api.IndexSpec;
import dev.annex.api.SearchParameters;
import dev.annex.util.Bits;
import dev.annex.vector.Similarity;

/** HNSW at M=12, efConstruction 100, walked on int8 codes (SQ8) with exact re-ranking of 3·k candidates, ef 64. */
class HnswSq8ConformanceTest extends VectorIndexConformance {

    @Override
    IndexSpec spec(Similarity similarity) {
        return new HnswSpec(12, 100, 7L, 1).withScalarQuantization(3);
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
