package dev.annex.bench.jmh;

import dev.annex.api.HnswSearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.bench.Dataset;
import dev.annex.bench.Recall;
import dev.annex.hnsw.HnswConfig;
import dev.annex.hnsw.HnswIndex;
import dev.annex.vector.Similarity;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * HNSW search at fixed ef on a seeded 100,000 × 96 inner-product dataset with norms spread 10×
 * (M=16, efConstruction=100, two build threads), one query per call. {@code recall} is
 * recall@10 over all queries at that ef, reported beside the time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class HnswSearchBenchmark {

    @Param({"16", "64"})
    public int ef;

    private Dataset dataset;
    private HnswIndex index;
    private double recall;
    private int next;

    /** Recall@10 at this ef, computed once in set-up. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class RecallCounter {
        public double recall;
    }

    @Setup
    public void setUp() {
        dataset = Dataset.synthetic(100_000, 1_000, 96, Similarity.DOT, 11L, 2);
        index = new HnswIndex(96, Similarity.DOT, new HnswConfig(16, 100, 42L, 2));
        index.addAll(dataset.base());
        double sum = 0;
        for (int q = 0; q < dataset.queries().length; q++) {
            sum += Recall.atK(index.search(dataset.queries()[q], 10, HnswSearchParameters.ef(ef)).ordinals(),
                    dataset.groundTruth()[q], 10);
        }
        recall = sum / dataset.queries().length;
    }

    @Benchmark
    public SearchResults search(RecallCounter quality) {
        quality.recall = recall;
        return index.search(dataset.queries()[next++ % dataset.queries().length], 10, HnswSearchParameters.ef(ef));
    }
}
