package dev.annex.bench.engine;

import dev.annex.bench.Dataset;
import dev.annex.bench.ProgressBar;
import java.io.IOException;

/** An index library the bench can build on a dataset and search at several operating points. */
public interface Engine {

    /** The name the command line uses for this engine, e.g. {@code annex-hnsw}. */
    String name();

    /** Builds an index over {@code dataset.base()} with {@code settings}, reporting progress to {@code progress}. */
    BuiltIndex build(Dataset dataset, EngineSettings settings, ProgressBar progress) throws IOException;
}
