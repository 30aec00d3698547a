package dev.annex.bench.engine;

import dev.annex.Indexes;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.api.VectorIndex;
import dev.annex.bench.Dataset;
import dev.annex.bench.ProgressBar;
import java.util.ArrayList;
import java.util.List;

/** Annex's HNSW index: M, efConstruction and threads from the settings, an operating point per ef. */
final class AnnexHnswEngine extends AnnexEngine {

    @Override
    public String name() {
        return "annex-hnsw";
    }

    @Override
    public BuiltIndex build(Dataset dataset, EngineSettings settings, ProgressBar progress) {
        HnswSpec config = userSettings(() -> new HnswSpec(settings.m(), settings.efConstruction(), settings.seed(), settings.threads()));
        VectorIndex index = Indexes.create(dataset.dimension(), dataset.similarity(), config);
        addWithProgress(dataset.base(), index::addAll, progress, "annex-hnsw build");
        double bytesPerVector = (double) index.bytesUsed() / index.size();
        List<OperatingPoint> points = new ArrayList<>();
        for (int ef : settings.efSearch()) {
            int beam = EngineSettings.beamWidth(ef, Dataset.K);
            points.add(new OperatingPoint("HNSW", "ef=" + beam, bytesPerVector, searcher(index, HnswSearchParameters.ef(beam))));
        }
        String params = "version=" + Versions.ANNEX + ",spec=[" + index.factoryString() + "]," + kernels();
        return new BuiltIndex("annex", params, points, index::close);
    }
}
