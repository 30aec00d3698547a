package dev.annex.vector;

/**
 * How two vectors are compared. Every index ranks by a score where higher is better:
 * <ul>
 *   <li>{@link #L2}: negated squared Euclidean distance, {@code -|a-b|²}; results also report the distance.</li>
 *   <li>{@link #DOT}: raw inner product. Vectors are stored as given; norms are part of the ranking.</li>
 *   <li>{@link #COSINE}: cosine of the angle. Indices store unit-length copies and score them by inner product.</li>
 * </ul>
 * {@link #id()} is written to disk and never changes; never persist {@code ordinal()}.
 */
public enum Similarity {
    L2(1),
    DOT(2),
    COSINE(3);

    private final int id;

    Similarity(int id) {
        this.id = id;
    }

    /** The stable identifier written in file headers. */
    public int id() {
        return id;
    }

    /** The similarity whose {@link #id()} is {@code id}. */
    public static Similarity fromId(int id) {
        for (Similarity similarity : values()) {
            if (similarity.id == id) {
                return similarity;
            }
        }
        throw new IllegalArgumentException("unknown similarity id " + id);
    }

    /** Whether indices store unit-length copies of vectors for this similarity. */
    public boolean storesUnitVectors() {
        return this == COSINE;
    }

    /**
     * The score of two vectors as stored by an index (unit-length for {@link #COSINE}), higher is better.
     */
    public float scoreStored(VectorKernels kernels, float[] a, int aOffset, float[] b, int bOffset, int length) {
        return this == L2
                ? -kernels.squareDistance(a, aOffset, b, bOffset, length)
                : kernels.dotProduct(a, aOffset, b, bOffset, length);
    }

    /** The user-facing distance of a score: Euclidean distance for {@link #L2}, {@code 1 - cosine} for COSINE, {@code -dot} for DOT. */
    public float distanceOf(float score) {
        return switch (this) {
            case L2 -> (float) Math.sqrt(Math.max(0f, -score));
            case COSINE -> 1f - score;
            case DOT -> -score;
        };
    }
}
