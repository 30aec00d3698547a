package dev.annex.vector;

import java.lang.foreign.MemorySegment;

/**
 * The arithmetic every index is built on. Implementations do no argument checking: callers on
 * hot paths pass valid offsets and lengths, and everyone else goes through {@link Vectors}.
 * Obtain the one chosen for this JVM from {@link VectorKernelsProvider#kernels()}.
 */
public interface VectorKernels {

    /** A short name for logs and benchmark output, e.g. {@code panama-256} or {@code scalar}. */
    String name();

    /** {@code sum a[aOffset+i] * b[bOffset+i]} for {@code i < length}. */
    float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int length);

    /** {@code sum (a[aOffset+i] - b[bOffset+i])²} for {@code i < length}. */
    float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int length);

    /** Cosine of the angle between the two ranges; 0 when either has zero norm. */
    float cosine(float[] a, int aOffset, float[] b, int bOffset, int length);

    /**
     * Squared distances of {@code q[qOffset..qOffset+length)} to four ranges at once, into {@code out[outOffset..outOffset+4)}.
     * Reading four vectors in one loop keeps four memory streams in flight, which is what pays
     * when the vectors are not in cache. Results may differ from {@link #squareDistance} in the
     * last bits, because the sums are accumulated in another order.
     */
    void squareDistance4(float[] q, int qOffset, float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
                         float[] d, int dOffset, int length, float[] out, int outOffset);

    /** Inner products of {@code q[qOffset..qOffset+length)} with four ranges at once, into {@code out[outOffset..outOffset+4)}; see {@link #squareDistance4}. */
    void dotProduct4(float[] q, int qOffset, float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
                     float[] d, int dOffset, int length, float[] out, int outOffset);

    /** Vectors in one panel of {@link #dotProductPanel}. */
    int PANEL_WIDTH = 64;

    /**
     * The inner products of four points with the {@value #PANEL_WIDTH} vectors of a panel stored
     * component by component: {@code out[64·p + c] = Σ_j point_p[j] · panel[panelOffset + 64·j + c]}
     * for points {@code p < 4}, vectors {@code c < 64} and components {@code j < length}. Each
     * loaded stretch of the panel serves four points and no sum is reduced across lanes, so a
     * k-means assignment runs at multiply-add speed even on short vectors (GEMM style).
     */
    void dotProductPanel(float[] p0, float[] p1, float[] p2, float[] p3, float[] panel, int panelOffset, int length,
                         float[] out);

    /**
     * {@link #dotProductPanel} for one point: {@code out[outOffset + c] = Σ_j point[j] · panel[panelOffset + 64·j + c]}
     * for {@code c < 64}: the inner products of a query with 64 centroids, computed across them
     * with no reduction across lanes.
     */
    void dotProductPanel(float[] point, float[] panel, int panelOffset, int length, float[] out, int outOffset);


    /**
     * {@code sum a[i] * codes[codesOffset+i]} for {@code i < length}, the codes read as signed
     * bytes: the inner product of a float query with one int8 scalar-quantized vector, which
     * reads a quarter of the bytes a float vector would.
     */
    float dotProductCodes(float[] a, byte[] codes, int codesOffset, int length);

    /** {@link #dotProductCodes} of {@code q} with four code ranges at once, into {@code out[outOffset..outOffset+4)}; see {@link #squareDistance4}. */
    void dotProductCodes4(float[] q, byte[] a, int aOffset, byte[] b, int bOffset, byte[] c, int cOffset, byte[] d, int dOffset,
                          int length, float[] out, int outOffset);

    /**
     * The 4-bit product-quantization lookup of one block of 32 codes ("fast scan"):
     * {@code sums[i] = Σ_j table[16·j + code(i, j)]} for the block's vectors {@code i < 32} and
     * sub-quantizers {@code j < subspaces}. Sub-quantizer j of the block is 16 bytes at
     * {@code blocks[blockOffset + 16·j]}; byte t holds vector t's code in its low nibble and vector
     * t+16's in its high nibble. Entries of {@code table} are unsigned bytes, and the caller keeps
     * {@code 255 · subspaces} (or its own bound on the sum) below 32,768. Sixteen table entries
     * fit one 128-bit register, so a lookup is one in-register shuffle for 16 vectors.
     */
    void fastScanBlock(byte[] blocks, int blockOffset, byte[] table, int subspaces, short[] sums);

    /**
     * Bit i set for every {@code i < 32} with {@code sums[i] >= threshold}: which vectors of a
     * {@link #fastScanBlock} can still enter an answer, sixteen sums per compare.
     */
    int atLeast32(short[] sums, int threshold);

    /**
     * The least {@code i} in {@code [from, to)} with {@code values[i] > threshold}, or {@code to}
     * when there is none (NaN is never above): a selection that keeps few of many scores
     * compares a register of them at a time and stops only where one can enter.
     */
    int firstAbove(float[] values, int from, int to, float threshold);

    /**
     * The least of {@code terms[termsOffset + c] - 2·products[productsOffset + c]} over the
     * {@value #PANEL_WIDTH} centroids {@code c} of a panel when it is below {@code bound}, else
     * {@code bound}: a nearest-centroid search passes its best score so far, learns from one
     * compare per register that a panel holds nothing better (the usual case), and looks for the
     * centroid only when it does. A NaN score never counts as below.
     */
    float leastScoreBelow(float[] products, int productsOffset, float[] terms, int termsOffset, float bound);

    /**
     * The least {@code c} in {@code [0, count)} by the score
     * {@code terms[termsOffset + c] - 2·Σ_{t<length} x[xOffset + t]·columns[columnsOffset + t·count + c]},
     * the lowest such {@code c} on ties: the nearest of {@code count} centroids laid out component
     * by component (with {@code terms} their squared norms), as a product quantizer's sub-space
     * holds them. Each score is summed in the order written, one fused multiply-add per term, so
     * every implementation picks the same centroid. Scores must not be NaN.
     */
    int nearestColumn(float[] x, int xOffset, int length, float[] columns, int columnsOffset, int count, float[] terms,
            int termsOffset);

    /** {@code y[yOffset+i] += alpha · x[xOffset+i]} for {@code i < length}. */
    void addScaled(float alpha, float[] x, int xOffset, float[] y, int yOffset, int length);

    /** Inner product of {@code a[0..length)} with {@code length} little-endian floats at byte offset {@code bOffset} of {@code b}. */
    float dotProduct(float[] a, MemorySegment b, long bOffset, int length);

    /** Squared distance of {@code a[0..length)} to {@code length} little-endian floats at byte offset {@code bOffset} of {@code b}. */
    float squareDistance(float[] a, MemorySegment b, long bOffset, int length);

    /**
     * {@link #squareDistance4} with the four vectors read from one segment of little-endian floats
     * at byte offsets {@code aOffset..dOffset}: how a memory-mapped index scores a batch, several
     * vectors in flight at once. Computed as the array version is.
     */
    void squareDistance4(float[] q, MemorySegment vectors, long aOffset, long bOffset, long cOffset, long dOffset, int length,
                         float[] out, int outOffset);

    /** {@link #dotProduct4} over one segment, as {@link #squareDistance4(float[], MemorySegment, long, long, long, long, int, float[], int)}. */
    void dotProduct4(float[] q, MemorySegment vectors, long aOffset, long bOffset, long cOffset, long dOffset, int length,
                     float[] out, int outOffset);
}
