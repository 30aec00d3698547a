package dev.annex.score;

import dev.annex.util.Bits;
import dev.annex.util.LongHeap;
import dev.annex.util.ScoredNodes;

/** Brute-force top-k over a range of ordinals: the exact answer, for small or heavily filtered sets. */
public final class ExactScan {

    private ExactScan() {
    }

    /**
     * Scores every ordinal in {@code [from, to)} that {@code filter} admits and {@code deleted}
     * (null when nothing is deleted) does not hold, keeping the best {@code k} in {@code results}
     * (a heap of {@link ScoredNodes}).
     */
    public static void topK(QueryScorer scorer, int from, int to, Bits filter, Bits deleted, int k, LongHeap results) {
        if (filter == Bits.ALL) {
            for (int ordinal = from; ordinal < to; ordinal++) {
                offer(scorer, ordinal, deleted, k, results);
            }
            return;
        }
        for (int ordinal = filter.nextAdmitted(from, to); ordinal >= 0; ordinal = filter.nextAdmitted(ordinal + 1, to)) {
            offer(scorer, ordinal, deleted, k, results);
        }
    }

    private static void offer(QueryScorer scorer, int ordinal, Bits deleted, int k, LongHeap results) {
        if (deleted == null || !deleted.get(ordinal)) {
            results.pushBounded(ScoredNodes.pack(scorer.score(ordinal), ordinal), k);
        }
    }
}
