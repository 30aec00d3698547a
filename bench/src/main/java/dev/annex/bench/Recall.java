package dev.annex.bench;

import java.util.HashSet;
import java.util.Set;

/** Recall@k the same way for every engine: |returned ∩ true top-k| / k, where returned counts distinct ids only. */
public final class Recall {

    private Recall() {
    }

    /** Recall of {@code returned} (any length) against the first {@code k} of {@code truth}. */
    public static double atK(int[] returned, int[] truth, int k) {
        if (truth.length < k) {
            throw new BenchmarkException("ground truth lists " + truth.length + " neighbours, fewer than k=" + k);
        }
        Set<Integer> expected = new HashSet<>();
        for (int i = 0; i < k; i++) {
            expected.add(truth[i]);
        }
        int hits = 0;
        Set<Integer> seen = new HashSet<>();
        for (int id : returned) {
            if (seen.add(id) && expected.contains(id)) {
                hits++;
            }
        }
        return (double) hits / k;
    }
}
