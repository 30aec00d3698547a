package dev.annex.conformance;

import dev.annex.api.ExactSearchParameters;
import dev.annex.api.FlatSpec;
import dev.annex.api.IndexSpec;
import dev.annex.api.SearchParameters;
import dev.annex.util.Bits;
import dev.annex.vector.Similarity;

/** The exact index: recall 1 by construction. */
class FlatConformanceTest extends VectorIndexConformance {

    @Override
    IndexSpec spec(Similarity similarity) {
        return new FlatSpec(2);
    }

    @Override
    SearchParameters parameters(Bits filter) {
        return new ExactSearchParameters(filter);
    }

    @Override
    double recallFloor(Similarity similarity) {
        return 1.0;
    }
}
