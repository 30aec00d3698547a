package dev.annex.internal;

import dev.annex.api.SearchResults;
import dev.annex.util.LongHeap;
import dev.annex.util.ScoredNodes;
import dev.annex.vector.Similarity;

/** Turns the heaps searches collect into {@link SearchResults}. */
public final class Results {

    private Results() {
    }

    /**
     * Drains {@code heap} of {@link ScoredNodes} (worst on top), keeping its best {@code k}, into
     * results ordered best first. {@code evaluations} is the number of vectors scored.
     */
    public static SearchResults fromHeap(Similarity similarity, LongHeap heap, int k, long evaluations, boolean scannedExactly) {
        while (heap.size() > k) {
            heap.pop();
        }
        int n = heap.size();
        int[] ordinals = new int[n];
        float[] scores = new float[n];
        for (int i = n - 1; i >= 0; i--) {
            long packed = heap.pop();
            ordinals[i] = ScoredNodes.node(packed);
            scores[i] = ScoredNodes.score(packed);
        }
        return new SearchResults(similarity, ordinals, scores, evaluations, scannedExactly);
    }

    /** The capacity a top-k heap needs: {@code k}, but never more than the vectors that could fill it. */
    public static int heapCapacity(int k, int liveVectors) {
        return Math.max(1, Math.min(k, liveVectors));
    }
}
