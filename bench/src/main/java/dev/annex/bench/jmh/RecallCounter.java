package dev.annex.bench.jmh;

import dev.annex.api.SearchResults;
import dev.annex.bench.Dataset;
import dev.annex.bench.Recall;
import java.util.function.Function;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Recall@10 of every answered query, summed and reported by JMH as a rate: {@code recalled} per
 * second divided by the benchmark's queries per second is the mean recall@10.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class RecallCounter {

    public double recalled;

    @Setup(Level.Iteration)
    public void clear() {
        recalled = 0;
    }

    /** Recall@10 of each query of {@code dataset} as {@code search} answers it, computed once before timing. */
    static double[] recallOfEachQuery(Dataset dataset, Function<float[], SearchResults> search) {
        double[] recall = new double[dataset.queries().length];
        for (int q = 0; q < recall.length; q++) {
            recall[q] = Recall.atK(search.apply(dataset.queries()[q]).ordinals(), dataset.groundTruth()[q], 10);
        }
        return recall;
    }
}
