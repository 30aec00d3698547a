package dev.annex.conformance;

import dev.annex.api.IndexSpec;
import dev.annex.api.IvfPqSpec;
import dev.annex.vector.Similarity;

/** IVF-PQ with 4-bit fast-scan codes and re-ranking of 10·k candidates (PQ16x4fs,Rerank10), 12 of 32 lists probed. */
class IvfPqFastScanConformanceTest extends IvfPqRerankConformanceTest {

    @Override
    IndexSpec spec(Similarity similarity) {
        return new IvfPqSpec(32, 16, 4, 10, 11L, 1, 8);
    }
}
