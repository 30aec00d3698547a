package dev.annex.score;

import dev.annex.vector.Similarity;
import dev.annex.vector.VectorStorage;

/**
 * Scores stored vectors against one query, by ordinal, higher is better. Bound to its query,
 * so hot loops pass only ordinals; {@link #bind} re-binds it, so search scratch can keep one
 * scorer instead of allocating one per query. Counts its evaluations; one thread uses it at a time.
 */
public final class QueryScorer implements NodeScorer {

    private final VectorStorage storage;
    private float[] query;
    private final boolean negatedSquareDistance;
    private long evaluations;

    private QueryScorer(VectorStorage storage, float[] query, boolean negatedSquareDistance) {
        this.storage = storage;
        this.query = query;
        this.negatedSquareDistance = negatedSquareDistance;
    }

    /**
     * A scorer of {@code query}, already in stored form (see {@link dev.annex.vector.Vectors#storedForm}),
     * against {@code storage} under {@code similarity}.
     */
    public static QueryScorer of(Similarity similarity, VectorStorage storage, float[] query) {
        return new QueryScorer(storage, query, similarity == Similarity.L2);
    }

    /** Binds this scorer to {@code storedQuery} and resets its evaluation count. */
    public QueryScorer bind(float[] storedQuery) {
        this.query = storedQuery;
        this.evaluations = 0;
        return this;
    }

    @Override
    public float score(int ordinal) {
        evaluations++;
        return negatedSquareDistance ? -storage.squareDistance(query, ordinal) : storage.dotProduct(query, ordinal);
    }

    /**
     * Scores {@code count} ordinals into {@code scores}, reading several vectors at a time; the
     * fast path for graph walks. May differ from {@link #score(int)} in the last bits.
     * {@code scores} must have room for {@code count} rounded up to a multiple of four.
     */
    @Override
    public void scoreAll(int[] ordinals, int count, float[] scores) {
        evaluations += count;
        storage.scoreAll(query, ordinals, count, negatedSquareDistance, scores);
        if (negatedSquareDistance) {
            for (int i = 0; i < count; i++) {
                scores[i] = -scores[i];
            }
        }
    }

    /** The length a score buffer for {@link #scoreAll} needs to score up to {@code count} ordinals. */
    public static int scoreBufferLength(int count) {
        return (count + 3) & ~3;
    }

    /** How many vectors this scorer has scored: the distance evaluations of a search. */
    @Override
    public long evaluations() {
        return evaluations;
    }
}
