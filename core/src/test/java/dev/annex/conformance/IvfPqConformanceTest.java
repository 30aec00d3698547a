package dev.annex.conformance;

import dev.annex.api.IndexSpec;
import dev.annex.api.IvfPqSpec;
import dev.annex.api.IvfSearchParameters;
import dev.annex.api.SearchParameters;
import dev.annex.util.Bits;
import dev.annex.vector.Similarity;

/** IVF-PQ with codes only: 32 lists, 8-byte codes, 12 probes; the codes bound recall. */
class IvfPqConformanceTest extends VectorIndexConformance {

    @Override
    IndexSpec spec(Similarity similarity) {
        return new IvfPqSpec(32, 8, 8, 0, 11L, 1, 8);
    }

    @Override
    SearchParameters parameters(Bits filter) {
        return new IvfSearchParameters(12, IvfSearchParameters.INDEX_DEFAULT, filter);
    }

    @Override
    double recallFloor(Similarity similarity) {
        return 0.5;
    }

    @Override
    boolean keepsVectors() {
        return false;
    }
}
