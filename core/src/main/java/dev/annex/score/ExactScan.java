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
     * Scores every ordinal in {@code [from, to)} that {@code filter} admits and {@code deleted}
     * (null when nothing is deleted) does not hold, keeping the best {@code k} in {@code results}
     * (a heap of {@link ScoredNodes}).
     */
    public static void topK(QueryScorer scorer, int from, int to, Bits filter, Bits deleted, int k, LongHeap results) {
        if (filter instanceof FixedBitSet allowList) {
            int end = Math.min(to, allowList.length());
            for (int ordinal = allowList.nextSetBit(from); ordinal >= 0 && ordinal < end; ordinal = allowList.nextSetBit(ordinal + 1)) {
                offer(scorer, ordinal, deleted, k, results);
            }
            return;
        }
        boolean everything = filter == Bits.ALL;
        for (int ordinal = from; ordinal < to; ordinal++) {
            if (everything || filter.get(ordinal)) {
                offer(scorer, ordinal, deleted, k, results);
            }
        }
    }

    private static void offer(QueryScorer scorer, int ordinal, Bits deleted, int k, LongHeap results) {
        if (deleted == null || !deleted.get(ordinal)) {
            results.pushBounded(ScoredNodes.pack(scorer.score(ordinal), ordinal), k);
        }
    }
}
