package dev.annex.bench.jmh;

import dev.annex.api.IndexSpec;
import dev.annex.api.IvfPqSpec;
import dev.annex.api.IvfSearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.bench.Dataset;
import dev.annex.ivf.IvfPqIndex;
import dev.annex.vector.Similarity;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IVF-PQ search on a seeded 100,000 × 128 L2 mixture, IVF256 with 8-bit codes (PQ16x8) or 4-bit
 * fast-scan codes of the same size (PQ32x4fs), codes only. At nprobe=256
 * every list is scanned, so the time is the list scan's: {@code codes} (per second, counted from
 * each search's evaluations) is its throughput. Recall@10 against exact ground truth is reported beside the time (see {@link RecallCounter}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dchronicle.analytics.disable=true", "-Xmx4g"})
public class IvfPqSearchBenchmark {

    @Param({"8", "256"})
    public int nprobe;

    @Param({"PQ16x8", "PQ32x4fs"})
    public String codes;

    private Dataset dataset;
    private IvfPqIndex index;
    private double[] recallOfQuery;
    private IvfSearchParameters parameters;
    private int next;

    /** Scanned codes, reported as a rate: codes per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class ScanCounters {
        public long codes;

        @Setup(Level.Iteration)
        public void clear() {
            codes = 0;
        }
    }

    @Setup
    public void setUp() {
        dataset = Dataset.synthetic("clustered-100000-128-l2", 7L, 2);
        index = new IvfPqIndex(128, Similarity.L2, (IvfPqSpec) IndexSpec.parse("IVF256," + codes));
        index.train(dataset.base());
        index.addAll(dataset.base());
        parameters = IvfSearchParameters.nprobe(nprobe);
        recallOfQuery = RecallCounter.recallOfEachQuery(dataset, query -> index.search(query, 10, parameters));
    }

    @Benchmark
    public SearchResults search(ScanCounters scanned, RecallCounter quality) {
        int q = next++ % dataset.queries().length;
        quality.recalled += recallOfQuery[q];
        SearchResults results = index.search(dataset.queries()[q], 10, parameters);
        scanned.codes += results.evaluations();
        return results;
    }
}
