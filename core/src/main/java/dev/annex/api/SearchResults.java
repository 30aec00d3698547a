package dev.annex.api;

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
    private final boolean scannedExactly;

    /**
     * Results over {@code ordinals} with their {@code scores}, best first, which this object
     * takes over (callers must not change them afterwards). {@code evaluations} is the number of
     * vectors scored; {@code scannedExactly} says the admitted vectors were scanned exhaustively
     * rather than found by the index structure.
     */
    public SearchResults(Similarity similarity, int[] ordinals, float[] scores, long evaluations, boolean scannedExactly) {
        if (ordinals.length != scores.length) {
            throw new IllegalArgumentException(ordinals.length + " ordinals but " + scores.length + " scores");
        }
        this.similarity = similarity;
        this.ordinals = ordinals;
        this.scores = scores;
        this.evaluations = evaluations;
        this.scannedExactly = scannedExactly;
    }

    /** No results: an index with no live vector, or a filter that admits none. */
    public static SearchResults empty(Similarity similarity) {
        return new SearchResults(similarity, new int[0], new float[0], 0, true);
    }

    /** Number of neighbours returned: k, or every admitted live vector when fewer than k. */
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

    /**
     * Whether the answer came from scanning the admitted vectors exactly (a restrictive filter,
     * mostly deleted vectors, or a walk that ran over its budget) rather than from the index.
     */
    public boolean scannedExactly() {
        return scannedExactly;
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
