package dev.annex.vector;

/**
 * Many vectors of one dimension, addressed by ordinal {@code 0..size()-1}. Implementations use
 * long offsets internally, so more than 2^31 floats in total are fine.
 */
public sealed interface VectorStorage permits HeapVectorStorage, MappedVectorStorage {

    /** Components per vector. */
    int dimension();

    /** Number of vectors stored. */
    int size();

    /** Bytes this storage occupies, in memory or mapped from disk. */
    long bytesUsed();

    /** Copies vector {@code ordinal} into {@code into} (length >= dimension) and returns it. */
    float[] copyInto(int ordinal, float[] into);

    /** Inner product of {@code query} with vector {@code ordinal}. */
    float dotProduct(float[] query, int ordinal);

    /** Squared Euclidean distance of {@code query} to vector {@code ordinal}. */
    float squareDistance(float[] query, int ordinal);

    /**
     * Scores {@code count} vectors at once into {@code out}: squared distances when
     * {@code squareDistance}, else inner products. Faster than one by one when the vectors are
     * not in cache; may differ from the single calls in the last bits. {@code out} must have room
     * for {@code count} rounded up to a multiple of four; entries past {@code count} are scratch.
     */
    void scoreAll(float[] query, int[] ordinals, int count, boolean squareDistance, float[] out);
}
