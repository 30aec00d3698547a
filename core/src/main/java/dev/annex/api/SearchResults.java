package dev.annex.api;

import dev.annex.util.LongHeap;
import dev.annex.util.ScoredNodes;
import dev.annex.vector.Similarity;

/**
 * The neighbours found by one search, best first. Scores are "higher is better" (see
 * {@link Similarity}); {@link #distance(int)} gives the user-facing distance.
 */
public final class SearchResults {

    private final Similarity similarity;
    private final int[] ordinals;
    private final float[] scores;
    private final long evaluations;

    private SearchResults(Similarity similarity, int[] ordinals, float[] scores, long evaluations) {
        this.similarity = similarity;
        this.ordinals = ordinals;
        this.scores = scores;
        this.evaluations = evaluations;
    }

    /**
     * Drains {@code heap} of {@link ScoredNodes} (smallest on top), keeping its best {@code k},
     * into results ordered best first. {@code evaluations} is the number of vectors scored.
     */
    public static SearchResults fromHeap(Similarity similarity, LongHeap heap, int k, long evaluations) {
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
        return new SearchResults(similarity, ordinals, scores, evaluations);
    }

    /** Number of neighbours returned; fewer than k when fewer vectors passed the filter. */
    public int size() {
        return ordinals.length;
    }

    /** Ordinal of the {@code i}-th best neighbour. */
    public int ordinal(int i) {
        return ordinals[i];
    }

    /** Score of the {@code i}-th best neighbour, higher is better. */
    public float score(int i) {
        return scores[i];
    }

    /** Distance of the {@code i}-th best neighbour: Euclidean for L2, {@code 1 - cosine}, or {@code -dot}. */
    public float distance(int i) {
        return similarity.distanceOf(scores[i]);
    }

    /** A copy of the ordinals, best first. */
    public int[] ordinals() {
        return ordinals.clone();
    }

    /** Number of vectors scored to answer the search: separates a better graph from a faster kernel. */
    public long evaluations() {
        return evaluations;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("SearchResults[");
        for (int i = 0; i < ordinals.length; i++) {
            text.append(i == 0 ? "" : ", ").append(ordinals[i]).append(':').append(scores[i]);
        }
        return text.append(']').toString();
    }
}
