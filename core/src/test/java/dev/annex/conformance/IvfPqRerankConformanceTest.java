package dev.annex.conformance;

import dev.annex.api.IndexSpec;
import dev.annex.api.IvfPqSpec;
import dev.annex.vector.Similarity;

/** IVF-PQ keeping vectors and re-ranking 10·k candidates by default (Rerank10), 12 of 32 lists probed. */
class IvfPqRerankConformanceTest extends IvfPqConformanceTest {

    @Override
    IndexSpec spec(Similarity similarity) {
        return new IvfPqSpec(32, 8, 8, 10, 11L, 1, 8);
    }

    @Override
    double recallFloor(Similarity similarity) {
        return 0.9;
    }

    @Override
    boolean keepsVectors() {
        return true;
    }
}
