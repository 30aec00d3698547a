package dev.annex.bench.jmh;

import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.api.SearchResults;
import dev.annex.bench.Dataset;
import dev.annex.hnsw.HnswIndex;
import dev.annex.vector.Similarity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HNSW search at fixed ef on a seeded 100,000 × 96 inner-product dataset with norms spread 10×
 * (M=16, efConstruction=100, two build threads), one query per call, with recall@10 reported
 * beside the time (see {@link RecallCounter}); the index searched as built ({@code heap}) or saved
 * and loaded memory-mapped ({@code mapped}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dchronicle.analytics.disable=true", "-Xmx4g"})
public class HnswSearchBenchmark {

    @Param({"16", "64"})
    public int ef;

    @Param({"heap", "mapped"})
    public String storage;

    private Dataset dataset;
    private HnswIndex index;
    private double[] recallOfQuery;
    private HnswSearchParameters parameters;
    private int next;
    private Path saved;

    @Setup
    public void setUp() throws IOException {
        dataset = Dataset.synthetic("two-tower-100000-96", 11L, 2);
        index = new HnswIndex(96, Similarity.DOT, new HnswSpec(16, 100, 42L, 2));
        index.addAll(dataset.base());
        if (storage.equals("mapped")) {
            saved = Files.createTempFile("annex-jmh-", ".hnsw");
            index.save(saved);
            index.close();
            index = HnswIndex.load(saved, true);
        }
        parameters = HnswSearchParameters.ef(ef);
        recallOfQuery = RecallCounter.recallOfEachQuery(dataset, query -> index.search(query, 10, parameters));
    }

    @TearDown
    public void tearDown() throws IOException {
        index.close();
        if (saved != null) {
            Files.delete(saved);
        }
    }

    @Benchmark
    public SearchResults search(RecallCounter quality) {
        int q = next++ % dataset.queries().length;
        quality.recalled += recallOfQuery[q];
        return index.search(dataset.queries()[q], 10, parameters);
    }
}
