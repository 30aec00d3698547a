package dev.annex.quant;

import dev.annex.vector.VectorKernels;
import dev.annex.vector.VectorKernelsProvider;

/**
 * A fixed set of centroids with their squared norms precomputed: what k-means assigns points
 * to while training and what an inverted-file index scores queries against. Immutable.
 */
public final class Centroids {

    private static final VectorKernels KERNELS = VectorKernelsProvider.kernels();

    private final float[][] vectors;
    private final float[] squaredNorms;

    /** Wraps {@code vectors} (k rows of equal length), which must not change afterwards. */
    public Centroids(float[][] vectors) {
        this.vectors = vectors;
        this.squaredNorms = new float[vectors.length];
        for (int c = 0; c < vectors.length; c++) {
            squaredNorms[c] = KERNELS.dotProduct(vectors[c], 0, vectors[c], 0, vectors[c].length);
        }
    }

    /** Number of centroids. */
    public int count() {
        return vectors.length;
    }

    /** Centroid {@code c}; callers must not change it. */
    public float[] get(int c) {
        return vectors[c];
    }

    /** The centroid rows; callers must not change them. */
    public float[][] rows() {
        return vectors;
    }

    /**
     * Index of the centroid nearest to {@code point}, by {@code |c|² - 2·p·c}; {@code scratch} holds
     * at least one float per centroid.
     */
    public int nearest(float[] point, float[] scratch) {
        innerProducts(point, scratch);
        int best = 0;
        float bestScore = Float.POSITIVE_INFINITY;
        for (int c = 0; c < vectors.length; c++) {
            float score = squaredNorms[c] - 2 * scratch[c];
            if (score < bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    /** The inner product of {@code point} with every centroid into {@code into}, four centroids read per pass. */
    public void innerProducts(float[] point, float[] into) {
        int dimension = point.length;
        int c = 0;
        for (; c + 4 <= vectors.length; c += 4) {
            KERNELS.dotProduct4(point, 0, vectors[c], 0, vectors[c + 1], 0, vectors[c + 2], 0, vectors[c + 3], 0,
                    dimension, into, c);
        }
        for (; c < vectors.length; c++) {
            into[c] = KERNELS.dotProduct(point, 0, vectors[c], 0, dimension);
        }
    }

    /** The squared distance of {@code point}, whose squared norm is {@code pointSquaredNorm}, to every centroid into {@code into}. */
    public void squareDistances(float[] point, float pointSquaredNorm, float[] into) {
        innerProducts(point, into);
        for (int c = 0; c < vectors.length; c++) {
            into[c] = pointSquaredNorm - 2 * into[c] + squaredNorms[c];
        }
    }
}
