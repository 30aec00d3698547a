package dev.annex.score;

/**
 * Scores stored vectors against the query it is bound to, by ordinal, higher is better, and
 * counts its evaluations: what a graph walk needs, whether the vectors are floats
 * ({@link QueryScorer}) or compressed codes. One thread uses it at a time.
 */
public interface NodeScorer {

    /** The score of stored vector {@code ordinal}. */
    float score(int ordinal);

    /**
     * Scores {@code count} ordinals into {@code scores}, which must have room for
     * {@link QueryScorer#scoreBufferLength} of {@code count}.
     */
    void scoreAll(int[] ordinals, int count, float[] scores);

    /** How many vectors this scorer has scored since it was last bound. */
    long evaluations();
}
