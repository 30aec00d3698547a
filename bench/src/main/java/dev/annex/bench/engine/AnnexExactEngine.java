package dev.annex.bench.engine;

import dev.annex.Indexes;
import dev.annex.api.ExactSearchParameters;
import dev.annex.api.FlatSpec;
import dev.annex.api.VectorIndex;
import dev.annex.bench.Dataset;
import dev.annex.bench.ProgressBar;
import java.util.List;

/** Annex's exact index, one thread per query: the brute-force floor every curve is read against. */
final class AnnexExactEngine extends AnnexEngine {

    @Override
    public String name() {
        return "annex-flat";
    }

    @Override
    public BuiltIndex build(Dataset dataset, EngineSettings settings, ProgressBar progress) {
        VectorIndex index = Indexes.create(dataset.dimension(), dataset.similarity(), new FlatSpec(1));
        addWithProgress(dataset.base(), index::addAll, progress, "annex-flat load");
        OperatingPoint exact = new OperatingPoint("Flat", "exact", (double) index.bytesUsed() / index.size(),
                searcher(index, ExactSearchParameters.ALL));
        return new BuiltIndex("annex", "version=" + Versions.ANNEX + ",spec=[" + index.factoryString() + "]," + kernels(), List.of(exact), index::close);
    }
}
