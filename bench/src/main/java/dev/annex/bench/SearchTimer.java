package dev.annex.bench;

import dev.annex.bench.engine.BuiltIndex;
import dev.annex.bench.engine.OperatingPoint;
import dev.annex.bench.engine.Searcher;
import dev.annex.util.Parallel;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Measures an operating point the same way for every engine, with the peers' protocol: a warm-up
 * over the first 1,000 queries, then every query once, one at a time on one thread, each timed
 * into an HdrHistogram; recall@10 of those answers; then, with more than one search thread, a
 * throughput pass sharing all queries among the threads. Before its first point, each engine
 * also runs queries over all its points for a few seconds, so that the JIT has compiled its
 * search path whichever engine runs first.
 */
final class SearchTimer {

    static final int WARMUP_QUERIES = 1_000;
    private static final long MAX_LATENCY_NANOS = 3_600_000_000_000L;
    private static final long ENGINE_WARMUP_NANOS = 3_000_000_000L;

    private final int searchThreads;
    private final ProgressBar progress;

    /** A timer whose throughput pass uses {@code searchThreads} threads, showing its passes on {@code progress}. */
    SearchTimer(int searchThreads, ProgressBar progress) {
        this.searchThreads = searchThreads;
        this.progress = progress;
    }

    /** Runs queries at each of {@code points} in turn until the engine warm-up time has passed. */
    void warmUp(List<OperatingPoint> points, Dataset dataset) {
        float[][] queries = dataset.queries();
        long start = System.nanoTime();
        for (int q = 0; System.nanoTime() - start < ENGINE_WARMUP_NANOS; q = (q + 1) % queries.length) {
            points.get(q % points.size()).searcher().search(queries[q], Dataset.K);
        }
    }

    /** One CSV row for {@code point} of {@code built}, which took {@code buildSeconds} on {@code buildThreads}. */
    ResultRow measure(BuiltIndex built, OperatingPoint point, Dataset dataset, double buildSeconds, int buildThreads) {
        Searcher searcher = point.searcher();
        float[][] queries = dataset.queries();
        for (int q = 0; q < Math.min(WARMUP_QUERIES, queries.length); q++) {
            searcher.search(queries[q], Dataset.K);
        }
        Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
        Searcher.Answer[] answers = new Searcher.Answer[queries.length];
        progress.start(built.library() + " " + point.searchParams(), searchThreads > 1 ? 2L * queries.length : queries.length);
        long wallStart = System.nanoTime();
        for (int q = 0; q < queries.length; q++) {
            long start = System.nanoTime();
            answers[q] = searcher.search(queries[q], Dataset.K);
            latency.recordValue(System.nanoTime() - start);
        }
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        // The bar moves between passes only: nothing but the queries runs inside the timed loops.
        progress.advance(queries.length);
        double recall = 0;
        long evaluations = 0;
        boolean evaluationsCounted = true;
        for (int q = 0; q < queries.length; q++) {
            recall += Recall.atK(answers[q].ordinals(), dataset.groundTruth()[q], Dataset.K);
            evaluationsCounted &= answers[q].evaluations() >= 0;
            evaluations += answers[q].evaluations();
        }
        double throughput = searchThreads > 1 ? throughput(searcher, queries) : Double.NaN;
        progress.end();
        return new ResultRow(built.library(), point.index(), built.buildParams() + "," + point.searchParams(), buildSeconds, buildThreads,
                recall / queries.length, queries.length / wallSeconds, latency.getMean() / 1e3, latency.getValueAtPercentile(99) / 1e3,
                point.bytesPerVector(), evaluationsCounted ? (double) evaluations / queries.length : Double.NaN, searchThreads > 1 ? searchThreads : 0,
                throughput);
    }

    private double throughput(Searcher searcher, float[][] queries) {
        long start = System.nanoTime();
        Parallel.forRanges(searchThreads, queries.length, (part, from, to) -> {
            for (int q = from; q < to; q++) {
                searcher.search(queries[q], Dataset.K);
            }
        });
        progress.advance(queries.length);
        return queries.length / ((System.nanoTime() - start) / 1e9);
    }
}
