package dev.annex.collection;

/**
 * One of a user's interest vectors in a multi-interest search (as MIND or ComiRec produce).
 *
 * @param vector the interest's query vector
 * @param weight multiplies the interest's scores when hits are merged (> 0)
 * @param quota  how many hits this interest contributes at most before merging (>= 1)
 */
public record Interest(float[] vector, float weight, int quota) {

    public Interest {
        if (!(weight > 0) || !Float.isFinite(weight)) {
            throw new IllegalArgumentException("interest weight must be a positive finite number, got " + weight);
        }
        if (quota < 1) {
            throw new IllegalArgumentException("interest quota must be >= 1, got " + quota);
        }
    }
}
