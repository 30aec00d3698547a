package dev.annex.vector;

/**
 * The checked front of the kernels, for callers outside hot loops: every method validates its
 * arguments and names the offending value in the exception.
 */
public final class Vectors {

    private static final VectorKernels KERNELS = VectorKernelsProvider.kernels();
    /**
     * The largest squared norm a vector may have. With both vectors below it, every inner
     * product and every squared distance (at most (|a| + |b|)², four times the bound) stays
     * finite in float, with room for rounding.
     */
    public static final double MAX_SQUARED_NORM = Float.MAX_VALUE / 8.0;
    /** The largest dimension an index takes: above any embedding model's, and a bound a crafted file cannot exceed. */
    public static final int MAX_DIMENSION = 1 << 16;

    private Vectors() {
    }

    /** Inner product of two equally long vectors. */
    public static float dotProduct(float[] a, float[] b) {
        checkSameLength(a, b);
        return KERNELS.dotProduct(a, 0, b, 0, a.length);
    }

    /** Squared Euclidean distance of two equally long vectors. */
    public static float squareDistance(float[] a, float[] b) {
        checkSameLength(a, b);
        return KERNELS.squareDistance(a, 0, b, 0, a.length);
    }

    /** Cosine of the angle between two equally long vectors; 0 when either is all zeros. */
    public static float cosine(float[] a, float[] b) {
        checkSameLength(a, b);
        return KERNELS.cosine(a, 0, b, 0, a.length);
    }

    /** The score of {@code a} against {@code b} under {@code similarity}, higher is better (see {@link Similarity}). */
    public static float score(Similarity similarity, float[] a, float[] b) {
        return switch (similarity) {
            case L2 -> -squareDistance(a, b);
            case DOT -> dotProduct(a, b);
            case COSINE -> cosine(a, b);
        };
    }

    /** Euclidean norm. */
    public static float norm(float[] v) {
        return (float) Math.sqrt(KERNELS.dotProduct(v, 0, v, 0, v.length));
    }

    /**
     * Checks that {@code vector} is non-null, has {@code dimension} components and holds only
     * finite values; {@code what} names it in the message. {@link #storedForm} checks the rest.
     */
    public static void checkVector(float[] vector, int dimension, String what) {
        if (vector == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (vector.length != dimension) {
            throw new IllegalArgumentException(
                    "dimension mismatch: " + what + " has " + vector.length + " components, the index has " + dimension);
        }
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new IllegalArgumentException(what + " has a non-finite component " + vector[i] + " at index " + i);
            }
        }
    }

    /** The squared Euclidean norm in double precision: no overflow or underflow for any finite float vector. */
    public static double squaredNorm(float[] vector) {
        double sum = 0;
        for (float component : vector) {
            sum += (double) component * component;
        }
        return sum;
    }

    /**
     * The form an index stores and searches for {@code vector}: a unit-length copy for
     * {@link Similarity#COSINE}, the vector itself otherwise. The norm is computed in double, so
     * tiny (denormal) and huge vectors normalise correctly. A zero vector has no direction and is
     * rejected for cosine. For L2 and DOT, whose scores grow with the norm, a vector whose squared
     * norm exceeds {@link #MAX_SQUARED_NORM} is rejected, so no score can overflow to infinity.
     */
    public static float[] storedForm(Similarity similarity, float[] vector, String what) {
        double squaredNorm = squaredNorm(vector);
        if (!similarity.storesUnitVectors()) {
            if (squaredNorm > MAX_SQUARED_NORM) {
                throw new IllegalArgumentException(what + " has squared norm " + squaredNorm + ", which would overflow float "
                        + similarity + " scores; the largest allowed is " + MAX_SQUARED_NORM + " (scale the vectors down)");
            }
            return vector;
        }
        double norm = Math.sqrt(squaredNorm);
        if (norm == 0) {
            throw new IllegalArgumentException(what + " is all zeros, which has no cosine similarity");
        }
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / norm);
        }
        return unit;
    }

    private static void checkSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimension mismatch: " + a.length + " vs " + b.length);
        }
    }
}
