package dev.annex.quant;

import dev.annex.vector.VectorKernels;
import dev.annex.vector.VectorKernelsProvider;

/**
 * A fixed set of centroids with their squared norms precomputed: what k-means assigns points
 * to while training and what an inverted-file index scores queries against. The nearest
 * centroid is the one at the least squared distance, or, for sets made by
 * {@link #byInnerProduct}, the one with the largest inner product. Immutable.
 */
public final class Centroids {

    private static final VectorKernels KERNELS = VectorKernelsProvider.kernels();

    /** Below this many components a point is compared with the centroids column by column ({@link #columns}). */
    private static final int SHORT_DIMENSION = 16;

    private final float[][] vectors;
    private final float[] squaredNorms;
    /** Whether {@link #nearest} maximises the inner product instead of minimising the distance. */
    private final boolean innerProduct;
    /** For short vectors, the centroids transposed (component j of centroid c at {@code j·count + c}); else null. */
    private final float[] columns;

    /** Wraps {@code vectors} (k rows of equal length), which must not change afterwards; nearest is by distance. */
    public Centroids(float[][] vectors) {
        this(vectors, false);
    }

    /** Wraps {@code vectors} as {@link #Centroids(float[][])} does, but nearest is by largest inner product. */
    public static Centroids byInnerProduct(float[][] vectors) {
        return new Centroids(vectors, true);
    }

    private Centroids(float[][] vectors, boolean innerProduct) {
        this.vectors = vectors;
        this.squaredNorms = new float[vectors.length];
        this.innerProduct = innerProduct;
        for (int c = 0; c < vectors.length; c++) {
            squaredNorms[c] = KERNELS.dotProduct(vectors[c], 0, vectors[c], 0, vectors[c].length);
        }
        int dimension = vectors.length == 0 ? 0 : vectors[0].length;
        if (dimension < SHORT_DIMENSION) {
            columns = new float[dimension * vectors.length];
            for (int c = 0; c < vectors.length; c++) {
                for (int j = 0; j < dimension; j++) {
                    columns[j * vectors.length + c] = vectors[c][j];
                }
            }
        } else {
            columns = null;
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
     * Index of the centroid nearest to {@code point}, by least {@code |c|² - 2·p·c} (or least
     * {@code -2·p·c} {@link #byInnerProduct}); {@code scratch} holds at least one float per centroid.
     */
    public int nearest(float[] point, float[] scratch) {
        innerProducts(point, scratch);
        int best = 0;
        float bestScore = Float.POSITIVE_INFINITY;
        for (int c = 0; c < vectors.length; c++) {
            float score = normTerm(c) - 2 * scratch[c];
            if (score < bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    /**
     * The nearest centroid of each of {@code points[from..from+count)} ({@code count} at most 4)
     * into {@code nearest[0..count)}, as {@link #nearest} finds it, four points by four centroids
     * per pass. {@code scratch} holds at least {@link #scratchLength()} floats.
     */
    public void nearestOfFour(float[][] points, int from, int count, int[] nearest, float[] scratch) {
        if (columns != null) {
            for (int p = 0; p < count; p++) {
                nearest[p] = nearest(points[from + p], scratch);
            }
            return;
        }
        int last = from + count - 1;
        float[] p0 = points[from], p1 = points[Math.min(from + 1, last)];
        float[] p2 = points[Math.min(from + 2, last)], p3 = points[Math.min(from + 3, last)];
        int dimension = p0.length;
        float[] best = {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY};
        int c = 0;
        for (; c + 4 <= vectors.length; c += 4) {
            KERNELS.dotProduct4x4(p0, p1, p2, p3, vectors[c], vectors[c + 1], vectors[c + 2], vectors[c + 3], dimension, scratch);
            for (int p = 0; p < count; p++) {
                for (int j = 0; j < 4; j++) {
                    float score = normTerm(c + j) - 2 * scratch[4 * p + j];
                    if (score < best[p]) {
                        best[p] = score;
                        nearest[p] = c + j;
                    }
                }
            }
        }
        for (; c < vectors.length; c++) {
            for (int p = 0; p < count; p++) {
                float score = normTerm(c) - 2 * KERNELS.dotProduct(points[from + p], 0, vectors[c], 0, dimension);
                if (score < best[p]) {
                    best[p] = score;
                    nearest[p] = c;
                }
            }
        }
    }

    private float normTerm(int c) {
        return innerProduct ? 0f : squaredNorms[c];
    }

    /** Scratch floats {@link #nearestOfFour} needs. */
    public int scratchLength() {
        return Math.max(16, vectors.length);
    }

    /** The inner product of {@code point} with every centroid into {@code into}, four centroids read per pass. */
    public void innerProducts(float[] point, float[] into) {
        if (columns != null) {
            KERNELS.dotProductColumns(point, columns, vectors.length, point.length, into);
            return;
        }
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
