package dev.annex.conformance;

import dev.annex.api.HnswSpec;
import dev.annex.api.IndexSpec;
import dev.annex.vector.Similarity;

/** The graph of {@link HnswConformanceTest} walked on int8 codes (SQ8), re-ranking 3·k candidates exactly; same ef and floor. */
class HnswSq8ConformanceTest extends HnswConformanceTest {

    @Override
    IndexSpec spec(Similarity similarity) {
        return ((HnswSpec) super.spec(similarity)).withScalarQuantization(3);
    }
}
