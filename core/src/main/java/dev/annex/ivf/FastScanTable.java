package dev.annex.ivf;

/**
 * A query's inner-product table for 4-bit codes, quantized to unsigned bytes so that
 * {@link dev.annex.vector.VectorKernels#fastScanBlock} can look entries up 16 at a time and sum
 * them in 16-bit lanes. Each sub-quantizer's 16 entries are shifted by their minimum and all are
 * scaled by one factor, the largest that keeps a sum of m entries below 32,768; the inner
 * product is then {@code offset + step · sum}, within {@code m · step / 2} of the float table's.
 */
final class FastScanTable {

    private final byte[] entries;
    /** Each sub-quantizer's least float entry, kept between the two passes of {@link #quantize}. */
    private final float[] minimums;
    private float offset;
    private float step;

    FastScanTable(int subspaces) {
        entries = new byte[16 * subspaces];
        minimums = new float[subspaces];
    }

    /** Quantizes {@code table} (m × 16 floats, {@link dev.annex.quant.ProductQuantizer#innerProductTable}'s layout). */
    void quantize(float[] table, int subspaces) {
        float range = 0;
        float sumOfMinimums = 0;
        for (int j = 0; j < subspaces; j++) {
            float min = table[16 * j];
            float max = min;
            for (int c = 1; c < 16; c++) {
                float entry = table[16 * j + c];
                min = Math.min(min, entry);
                max = Math.max(max, entry);
            }
            minimums[j] = min;
            sumOfMinimums += min;
            range = Math.max(range, max - min);
        }
        int levels = Math.min(255, 32767 / subspaces);
        float scale = range > 0 ? levels / range : 0;
        for (int j = 0; j < subspaces; j++) {
            float min = minimums[j];
            for (int c = 0; c < 16; c++) {
                // Non-negative, so adding one half and truncating rounds to nearest.
                entries[16 * j + c] = (byte) (int) ((table[16 * j + c] - min) * scale + 0.5f);
            }
        }
        offset = sumOfMinimums;
        step = range > 0 ? range / levels : 0;
    }

    /** The byte table, 16 entries per sub-quantizer. */
    byte[] entries() {
        return entries;
    }

    /** The inner product a sum of zero stands for: the sum of each sub-quantizer's least entry. */
    float offset() {
        return offset;
    }

    /** The inner product one unit of a sum stands for; 0 when every entry of the table is equal. */
    float step() {
        return step;
    }

    /** The inner product that a sum of looked-up entries stands for. */
    float innerProduct(int sum) {
        return offset + step * sum;
    }
}
