package dev.annex.bench.engine;

import dev.annex.Indexes;
import dev.annex.api.IvfPqSpec;
import dev.annex.api.IvfSearchParameters;
import dev.annex.api.VectorIndex;
import dev.annex.bench.Dataset;
import dev.annex.bench.ProgressBar;
import dev.annex.ivf.IvfPqIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Annex's IVF-PQ index, 8-bit codes or, with {@code fastScan}, 4-bit fast-scan codes
 * ({@code PQ<m>x4fs}): one curve per re-rank factor, one point per nprobe. Rows without
 * re-ranking answer from the codes alone and count only the bytes such an index would keep.
 */
final class AnnexIvfPqEngine extends AnnexEngine {

    private final boolean fastScan;

    AnnexIvfPqEngine(boolean fastScan) {
        this.fastScan = fastScan;
    }

    @Override
    public String name() {
        return fastScan ? "annex-ivfpq-fs" : "annex-ivfpq";
    }

    @Override
    public BuiltIndex build(Dataset dataset, EngineSettings settings, ProgressBar progress) {
        int keep = Arrays.stream(settings.rerank()).max().orElse(0);
        IvfPqSpec eightBit = userSettings(() -> IvfPqSpec.of(settings.nlist(), settings.pqSubspaces())
                .withRerankFactor(keep).withThreads(settings.threads()).withSeed(settings.seed()));
        IvfPqSpec config = fastScan ? eightBit.withFastScan() : eightBit;
        IvfPqIndex index = userSettings(() -> (IvfPqIndex) Indexes.create(dataset.dimension(), dataset.similarity(), config));
        progress.start(name() + " train", 1);
        userSettings(() -> {
            index.train(settings.trainingSample(dataset.base()));
            return index;
        });
        progress.finish();
        addWithProgress(dataset.base(), index::addAll, progress, name() + " encode");
        String codesLabel = "IVF" + config.nlist() + "," + config.codesName();
        double codesBytes = (double) (index.codeBytes() + index.fixedBytes()) / index.size();
        double allBytes = (double) index.bytesUsed() / index.size();
        List<OperatingPoint> points = new ArrayList<>();
        for (int rerank : settings.rerank()) {
            for (int nprobe : settings.nprobe()) {
                if (nprobe <= config.nlist()) {
                    points.add(new OperatingPoint(rerank == 0 ? codesLabel : codesLabel + ",RFlat", "nprobe=" + nprobe + ",rerank=" + rerank,
                            rerank == 0 ? codesBytes : allBytes, searcher(index, IvfSearchParameters.nprobe(nprobe).withRerank(rerank))));
                }
            }
        }
        String params = "version=" + Versions.ANNEX + ",spec=[" + index.factoryString() + "]," + kernels();
        return new BuiltIndex("annex", params, points, index::close);
    }
}
