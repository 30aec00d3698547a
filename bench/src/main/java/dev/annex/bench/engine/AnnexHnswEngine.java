package dev.annex.bench.engine;

import dev.annex.api.HnswSearchParameters;
import dev.annex.bench.Dataset;
import dev.annex.bench.ProgressBar;
import dev.annex.hnsw.HnswConfig;
import dev.annex.hnsw.HnswIndex;
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
        HnswConfig config = userSettings(() -> new HnswConfig(settings.m(), settings.efConstruction(), settings.seed(), settings.threads()));
        HnswIndex index = new HnswIndex(dataset.dimension(), dataset.similarity(), config);
        addWithProgress(dataset.base(), index::addAll, progress, "annex-hnsw build");
        double bytesPerVector = (double) index.bytesUsed() / index.size();
        List<OperatingPoint> points = new ArrayList<>();
        for (int ef : settings.efSearch()) {
            int beam = EngineSettings.beamWidth(ef, Dataset.K);
            points.add(new OperatingPoint("HNSW", "ef=" + beam, bytesPerVector, searcher(index, HnswSearchParameters.ef(beam))));
        }
        String params = "version=" + Versions.ANNEX + ",M=" + config.maxConnections() + ",efC=" + config.efConstruction() + "," + kernels();
        return new BuiltIndex("annex", params, points, index::close);
    }
}
