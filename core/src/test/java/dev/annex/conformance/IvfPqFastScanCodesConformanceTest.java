package dev.annex.conformance;

import dev.annex.api.IndexSpec;
import dev.annex.api.IvfPqSpec;
import dev.annex.vector.Similarity;

/** IVF-PQ with 4-bit fast-scan codes only (PQ16x4fs, as many bytes as PQ8x8), 12 of 32 lists probed; the codes bound recall. */
class IvfPqFastScanCodesConformanceTest extends IvfPqConformanceTest {

    @Override
    IndexSpec spec(Similarity similarity) {
        return new IvfPqSpec(32, 16, 4, 0, 11L, 1, 8);
    }

    @Override
    double recallFloor(Similarity similarity) {
        return 0.45;
    }
}
