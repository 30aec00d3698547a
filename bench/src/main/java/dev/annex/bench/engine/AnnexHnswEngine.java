package dev.annex.bench.engine;

import dev.annex.Indexes;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.api.VectorIndex;
import dev.annex.bench.Dataset;
import dev.annex.bench.ProgressBar;
import java.util.ArrayList;
import java.util.List;

/**
 * Annex's HNSW index: M, efConstruction and threads from the settings, an operating point per
 * ef; with {@code quantized}, walked on int8 codes ({@code SQ8}, trained on the base vectors)
 * with exact re-ranking of {@link HnswSpec#DEFAULT_RERANK_FACTOR}·k candidates.
 */
final class AnnexHnswEngine extends AnnexEngine {

    private final boolean quantized;

    AnnexHnswEngine(boolean quantized) {
        this.quantized = quantized;
    }

    @Override
    public String name() {
        return quantized ? "annex-hnsw-sq8" : "annex-hnsw";
    }

    @Override
    public BuiltIndex build(Dataset dataset, EngineSettings settings, ProgressBar progress) {
        HnswSpec floats = userSettings(() -> new HnswSpec(settings.m(), settings.efConstruction(), settings.seed(), settings.threads()));
        HnswSpec config = quantized ? floats.withScalarQuantization(HnswSpec.DEFAULT_RERANK_FACTOR) : floats;
        VectorIndex index = Indexes.create(dataset.dimension(), dataset.similarity(), config);
        index.train(dataset.base());
        addWithProgress(dataset.base(), index::addAll, progress, name() + " build");
        double bytesPerVector = (double) index.bytesUsed() / index.size();
        List<OperatingPoint> points = new ArrayList<>();
        for (int ef : settings.efSearch()) {
            int beam = EngineSettings.beamWidth(ef, Dataset.K);
            points.add(new OperatingPoint(quantized ? "HNSW,SQ8,Rerank" + config.rerankFactor() : "HNSW", "ef=" + beam, bytesPerVector, searcher(index, HnswSearchParameters.ef(beam))));
        }
        String params = "version=" + Versions.ANNEX + ",spec=[" + index.factoryString() + "]," + kernels();
        return new BuiltIndex("annex", params, points, index::close);
    }
}
