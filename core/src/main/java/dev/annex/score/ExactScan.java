package dev.annex.score;

import dev.annex.util.Bits;
import dev.annex.util.FixedBitSet;
import dev.annex.util.LongHeap;
import dev.annex.util.ScoredNodes;

/** Brute-force top-k over a range of ordinals: the exact answer, for small or heavily filtered sets. */
public final class ExactScan {

    private ExactScan() {
    }

    /**
     * Scores every ordinal in {@code [from, to)} that {@code filter} accepts and {@code deleted}
     * does not hold, keeping the best {@code k} in {@code results} (a heap of {@link ScoredNodes}).
     */
    public static void topK(QueryScorer scorer, int from, int to, Bits filter, Bits deleted, int k, LongHeap results) {
        if (filter instanceof FixedBitSet bitSet) {
            for (int ordinal = bitSet.nextSetBit(from); ordinal >= 0 && ordinal < to; ordinal = bitSet.nextSetBit(ordinal + 1)) {
                offer(scorer, ordinal, deleted, k, results);
            }
            return;
        }
        int end = Math.min(to, filter.length());
        for (int ordinal = from; ordinal < end; ordinal++) {
            if (filter.get(ordinal)) {
                offer(scorer, ordinal, deleted, k, results);
            }
        }
    }

    private static void offer(QueryScorer scorer, int ordinal, Bits deleted, int k, LongHeap results) {
        if (!deleted.get(ordinal)) {
            results.pushBounded(ScoredNodes.pack(scorer.score(ordinal), ordinal), k);
        }
    }
}
