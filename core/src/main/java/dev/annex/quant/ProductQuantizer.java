package dev.annex.quant;

import dev.annex.util.Parallel;
import dev.annex.vector.VectorKernels;
import dev.annex.vector.VectorKernelsProvider;
import java.util.SplittableRandom;

/**
 * Product quantization: a vector of dimension {@code d} is cut into {@code m} sub-vectors of
 * {@code d/m} components, and each is replaced by the index of the nearest of {@code K = 2^bits}
 * centroids learned for that sub-space: 256 with 8-bit codes (a vector costs {@code m} bytes),
 * 16 with 4-bit codes (m/2 bytes, and a sub-space's lookup table fits one 128-bit register).
 * {@link #encode} writes one byte per sub-space either way; packing 4-bit codes is the lists' job.
 *
 * <p>Codebook layout, as {@link #codebooks()} returns and files store it: one {@code float[]} of
 * shape {@code (m, K, d/m)}, row-major: centroid {@code c} of sub-space {@code j} starts at
 * {@code (j·K + c)·(d/m)}.
 */
public final class ProductQuantizer {

    /** Each sub-space's k-means sees at most this many points per centroid (65,536 for 8-bit codes), drawn with the seed. */
    private static final int TRAINING_POINTS_PER_CENTROID = 256;

    private static final VectorKernels KERNELS = VectorKernelsProvider.kernels();

    private final int dimension;
    private final int subspaces;
    private final int subDimension;
    private final int centroids;
    private final float[] codebooks;
    /** The codebooks again as (m, d/m, K), so a table entry's terms run along the K centroids. */
    private final float[] byComponent;
    /** Each centroid's squared norm, shape (m, K): what a sub-vector's distance to it adds to {@code -2·x·c}. */
    private final float[] squaredNorms;

    /** A quantizer with {@code bits}-bit codes (4 or 8) over existing codebooks of shape {@code (m, 2^bits, d/m)}. */
    public ProductQuantizer(int dimension, int subspaces, int bits, float[] codebooks) {
        checkShape(dimension, subspaces, bits);
        this.centroids = 1 << bits;
        if (codebooks.length != dimension * centroids) {
            throw new IllegalArgumentException("codebooks hold " + codebooks.length + " floats, (m=" + subspaces + ", " + centroids
                    + ", d/m=" + dimension / subspaces + ") needs " + dimension * centroids);
        }
        this.dimension = dimension;
        this.subspaces = subspaces;
        this.subDimension = dimension / subspaces;
        this.codebooks = codebooks;
        this.byComponent = new float[codebooks.length];
        this.squaredNorms = new float[subspaces * centroids];
        for (int j = 0; j < subspaces; j++) {
            for (int c = 0; c < centroids; c++) {
                int row = (j * centroids + c) * subDimension;
                squaredNorms[j * centroids + c] = KERNELS.dotProduct(codebooks, row, codebooks, row, subDimension);
                for (int t = 0; t < subDimension; t++) {
                    byComponent[(j * subDimension + t) * centroids + c] = codebooks[row + t];
                }
            }
        }
    }

    /**
     * Learns codebooks for {@code bits}-bit codes (4 or 8) from {@code vectors} (at least
     * {@code 2^bits}; at most 256 per centroid, drawn with the seed, as FAISS does): k-means with
     * {@code 2^bits} centroids in each sub-space, seeded from {@code seed}.
     */
    public static ProductQuantizer train(float[][] vectors, int subspaces, int bits, int iterations, long seed, int threads) {
        int dimension = vectors[0].length;
        checkShape(dimension, subspaces, bits);
        int centroids = 1 << bits;
        if (vectors.length < centroids) {
            throw new IllegalArgumentException("product quantizer training with " + bits + "-bit codes needs at least " + centroids
                    + " vectors, got " + vectors.length);
        }
        int subDimension = dimension / subspaces;
        float[] codebooks = new float[dimension * centroids];
        float[][] sample = KMeans.subsample(vectors, trainingSampleSize(bits), new SplittableRandom(seed));
        // Sub-spaces train independently, a thread each: a k-means over 256·K short vectors is too small to split.
        Parallel.forRanges(Math.min(threads, subspaces), subspaces, (part, from, to) -> {
            float[][] slice = new float[sample.length][subDimension];
            for (int j = from; j < to; j++) {
                for (int i = 0; i < sample.length; i++) {
                    System.arraycopy(sample[i], j * subDimension, slice[i], 0, subDimension);
                }
                float[][] learned = KMeans.train(slice, centroids, iterations, seed + j, 1).centroids();
                for (int c = 0; c < centroids; c++) {
                    System.arraycopy(learned[c], 0, codebooks, (j * centroids + c) * subDimension, subDimension);
                }
            }
        });
        return new ProductQuantizer(dimension, subspaces, bits, codebooks);
    }

    /**
     * The most training vectors {@link #train} uses for {@code bits}-bit codes (256 per centroid);
     * a caller that derives them (residuals, say) need not make more.
     */
    public static int trainingSampleSize(int bits) {
        return TRAINING_POINTS_PER_CENTROID << bits;
    }

    private static void checkShape(int dimension, int subspaces, int bits) {
        if (bits != 4 && bits != 8) {
            throw new IllegalArgumentException("product quantization codes have 4 or 8 bits, got " + bits);
        }
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

    /** m: sub-quantizers. */
    public int subspaces() {
        return subspaces;
    }

    /** K: centroids per sub-space, {@code 2^bits}. */
    public int centroids() {
        return centroids;
    }

    /** Bits per sub-space code: 4 or 8. */
    public int bits() {
        return Integer.numberOfTrailingZeros(centroids);
    }

    /** The codebooks, shape {@code (m, K, d/m)}; not a copy. */
    public float[] codebooks() {
        return codebooks;
    }

    /**
     * Writes the code of {@code vector}, one byte per sub-space, at {@code codes[offset..offset+m)}:
     * each sub-vector's nearest centroid, by {@link VectorKernels#nearestColumn}.
     */
    public void encode(float[] vector, byte[] codes, int offset) {
        for (int j = 0; j < subspaces; j++) {
            codes[offset + j] = (byte) KERNELS.nearestColumn(vector, j * subDimension, subDimension, byComponent,
                    j * subDimension * centroids, centroids, squaredNorms, j * centroids);
        }
    }

    /** The vector that the code at {@code codes[offset..offset+m)} stands for, into {@code into}. */
    public float[] decode(byte[] codes, int offset, float[] into) {
        for (int j = 0; j < subspaces; j++) {
            int c = codes[offset + j] & 0xFF;
            System.arraycopy(codebooks, (j * centroids + c) * subDimension, into, j * subDimension, subDimension);
        }
        return into;
    }

    /**
     * The asymmetric-distance table of {@code query} for inner products:
     * {@code table[j·K + c] = query_j · centroid(j, c)}. The inner product of the query with a
     * coded vector is then the sum of m table entries, one per sub-space code.
     */
    public void innerProductTable(float[] query, float[] table) {
        // Component by component across all K centroids at once: wide multiply-adds, no horizontal sums.
        java.util.Arrays.fill(table, 0, subspaces * centroids, 0f);
        for (int j = 0; j < subspaces; j++) {
            for (int t = 0; t < subDimension; t++) {
                KERNELS.addScaled(query[j * subDimension + t], byComponent, (j * subDimension + t) * centroids,
                        table, j * centroids, centroids);
            }
        }
    }

    /** Bytes held by the codebooks in both layouts and their norms. */
    public long bytesUsed() {
        return (2L * codebooks.length + squaredNorms.length) * Float.BYTES;
    }
}
