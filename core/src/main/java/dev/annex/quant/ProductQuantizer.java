package dev.annex.quant;

import dev.annex.vector.VectorKernels;
import dev.annex.vector.VectorKernelsProvider;
import java.util.SplittableRandom;

/**
 * Product quantization with 8-bit codes: a vector of dimension {@code d} is cut into {@code m}
 * sub-vectors of {@code d/m} components, and each is replaced by the index (one byte) of the
 * nearest of 256 centroids learned for that sub-space. A vector costs {@code m} bytes.
 *
 * <p>Codebook layout, as {@link #codebooks()} returns and files store it: one {@code float[]} of
 * shape {@code (m, 256, d/m)}, row-major: centroid {@code c} of sub-space {@code j} starts at
 * {@code (j·256 + c)·(d/m)}.
 */
public final class ProductQuantizer {

    /** Centroids per sub-space: codes are one byte. */
    public static final int CENTROIDS = 256;
    /** Each sub-space's k-means sees at most this many points per centroid (65,536 in all), drawn with the seed. */
    static final int TRAINING_POINTS_PER_CENTROID = 256;

    private static final VectorKernels KERNELS = VectorKernelsProvider.kernels();

    private final int dimension;
    private final int subspaces;
    private final int subDimension;
    private final float[] codebooks;
    /** The codebooks again as (m, d/m, 256), so a table entry's terms run along the 256 centroids. */
    private final float[] byComponent;

    /** A quantizer over existing codebooks of shape {@code (m, 256, d/m)}. */
    public ProductQuantizer(int dimension, int subspaces, float[] codebooks) {
        checkShape(dimension, subspaces);
        if (codebooks.length != dimension * CENTROIDS) {
            throw new IllegalArgumentException("codebooks hold " + codebooks.length + " floats, (m=" + subspaces + ", 256, d/m="
                    + dimension / subspaces + ") needs " + dimension * CENTROIDS);
        }
        this.dimension = dimension;
        this.subspaces = subspaces;
        this.subDimension = dimension / subspaces;
        this.codebooks = codebooks;
        this.byComponent = new float[codebooks.length];
        for (int j = 0; j < subspaces; j++) {
            for (int c = 0; c < CENTROIDS; c++) {
                for (int t = 0; t < subDimension; t++) {
                    byComponent[(j * subDimension + t) * CENTROIDS + c] = codebooks[(j * CENTROIDS + c) * subDimension + t];
                }
            }
        }
    }

    /**
     * Learns codebooks from {@code vectors} (at least 256; at most 65,536 of them, drawn with the
     * seed, as FAISS does): k-means with 256 centroids in each sub-space, seeded from {@code seed}.
     */
    public static ProductQuantizer train(float[][] vectors, int subspaces, int iterations, long seed, int threads) {
        int dimension = vectors[0].length;
        checkShape(dimension, subspaces);
        if (vectors.length < CENTROIDS) {
            throw new IllegalArgumentException("product quantizer training needs at least " + CENTROIDS + " vectors, got " + vectors.length);
        }
        int subDimension = dimension / subspaces;
        float[] codebooks = new float[dimension * CENTROIDS];
        float[][] sample = KMeans.subsample(vectors, CENTROIDS * TRAINING_POINTS_PER_CENTROID, new SplittableRandom(seed));
        float[][] slice = new float[sample.length][subDimension];
        for (int j = 0; j < subspaces; j++) {
            for (int i = 0; i < sample.length; i++) {
                System.arraycopy(sample[i], j * subDimension, slice[i], 0, subDimension);
            }
            float[][] centroids = KMeans.train(slice, CENTROIDS, iterations, seed + j, threads).centroids();
            for (int c = 0; c < CENTROIDS; c++) {
                System.arraycopy(centroids[c], 0, codebooks, (j * CENTROIDS + c) * subDimension, subDimension);
            }
        }
        return new ProductQuantizer(dimension, subspaces, codebooks);
    }

    private static void checkShape(int dimension, int subspaces) {
        if (subspaces <= 0) {
            throw new IllegalArgumentException("m (sub-quantizers) must be > 0, got " + subspaces);
        }
        if (dimension % subspaces != 0) {
            throw new IllegalArgumentException("m=" + subspaces + " does not divide the dimension d=" + dimension);
        }
    }

    /** Components per vector. */
    public int dimension() {
        return dimension;
    }

    /** m: sub-quantizers, and bytes per code. */
    public int subspaces() {
        return subspaces;
    }

    /** The codebooks, shape {@code (m, 256, d/m)}; not a copy. */
    public float[] codebooks() {
        return codebooks;
    }

    /** Writes the m-byte code of {@code vector} at {@code codes[offset..offset+m)}. */
    public void encode(float[] vector, byte[] codes, int offset) {
        for (int j = 0; j < subspaces; j++) {
            int best = 0;
            float bestDistance = Float.POSITIVE_INFINITY;
            int base = j * CENTROIDS * subDimension;
            for (int c = 0; c < CENTROIDS; c++) {
                float distance = KERNELS.squareDistance(vector, j * subDimension, codebooks, base + c * subDimension, subDimension);
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
            codes[offset + j] = (byte) best;
        }
    }

    /** The vector that the code at {@code codes[offset..offset+m)} stands for, into {@code into}. */
    public float[] decode(byte[] codes, int offset, float[] into) {
        for (int j = 0; j < subspaces; j++) {
            int c = codes[offset + j] & 0xFF;
            System.arraycopy(codebooks, (j * CENTROIDS + c) * subDimension, into, j * subDimension, subDimension);
        }
        return into;
    }

    /**
     * The asymmetric-distance table of {@code query} for inner products:
     * {@code table[j·256 + c] = query_j · centroid(j, c)}. The inner product of the query with a
     * coded vector is then the sum of m table entries, one per code byte.
     */
    public void innerProductTable(float[] query, float[] table) {
        // Component by component across all 256 centroids at once: wide multiply-adds, no horizontal sums.
        java.util.Arrays.fill(table, 0, subspaces * CENTROIDS, 0f);
        for (int j = 0; j < subspaces; j++) {
            for (int t = 0; t < subDimension; t++) {
                KERNELS.addScaled(query[j * subDimension + t], byComponent, (j * subDimension + t) * CENTROIDS,
                        table, j * CENTROIDS, CENTROIDS);
            }
        }
    }

    /** Bytes held by the codebooks, both layouts. */
    public long bytesUsed() {
        return 2L * codebooks.length * Float.BYTES;
    }
}
