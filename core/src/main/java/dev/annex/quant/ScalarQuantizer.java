package dev.annex.quant;

import java.util.Arrays;

/**
 * int8 scalar quantization, one scale per dimension: component {@code j} is stored as a signed
 * byte {@code c} with {@code x ≈ offsets[j] + scales[j]·c}, {@code c} in [-127, 127]. Offsets
 * and scales come from the range of each dimension in a training sample (its ends map to ±127);
 * values outside that range are clipped. A float query scores a code by one inner product with
 * the query weighted by the scales ({@link #prepare}), so a walk reads a byte per component.
 */
public final class ScalarQuantizer {

    private static final int MAX_CODE = 127;

    private final float[] offsets;
    private final float[] scales;

    /** A quantizer with these offsets and scales (copied); both finite, scales ≥ 0. */
    public ScalarQuantizer(float[] offsets, float[] scales) {
        if (offsets.length != scales.length || offsets.length == 0) {
            throw new IllegalArgumentException("offsets and scales must have one entry per dimension, got "
                    + offsets.length + " and " + scales.length);
        }
        for (int j = 0; j < offsets.length; j++) {
            if (!Float.isFinite(offsets[j]) || !Float.isFinite(scales[j]) || scales[j] < 0) {
                throw new IllegalArgumentException("dimension " + j + " has offset " + offsets[j] + " and scale " + scales[j]
                        + "; both must be finite and the scale >= 0");
            }
        }
        this.offsets = offsets.clone();
        this.scales = scales.clone();
    }

    /** Learns each dimension's range from {@code sample} (at least one vector of {@code dimension} components). */
    public static ScalarQuantizer train(float[][] sample, int dimension) {
        if (sample.length == 0) {
            throw new IllegalArgumentException("scalar quantization needs at least one training vector");
        }
        float[] min = new float[dimension];
        float[] max = new float[dimension];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (float[] vector : sample) {
            for (int j = 0; j < dimension; j++) {
                min[j] = Math.min(min[j], vector[j]);
                max[j] = Math.max(max[j], vector[j]);
            }
        }
        float[] offsets = new float[dimension];
        float[] scales = new float[dimension];
        for (int j = 0; j < dimension; j++) {
            offsets[j] = (float) (((double) min[j] + max[j]) / 2);
            scales[j] = (float) (((double) max[j] - min[j]) / (2 * MAX_CODE));
        }
        return new ScalarQuantizer(offsets, scales);
    }

    public int dimension() {
        return offsets.length;
    }

    /** A copy of the offsets. */
    public float[] offsets() {
        return offsets.clone();
    }

    /** A copy of the scales. */
    public float[] scales() {
        return scales.clone();
    }

    /** Writes the codes of {@code vector} to {@code into[offset..offset+dimension)}. */
    public void encode(float[] vector, byte[] into, int offset) {
        for (int j = 0; j < offsets.length; j++) {
            float code = scales[j] == 0 ? 0 : Math.round((vector[j] - offsets[j]) / scales[j]);
            into[offset + j] = (byte) Math.max(-MAX_CODE, Math.min(MAX_CODE, code));
        }
    }

    /** The squared norm of the vector the codes at {@code offset} stand for. */
    public float decodedSquaredNorm(byte[] codes, int offset) {
        double sum = 0;
        for (int j = 0; j < offsets.length; j++) {
            double value = offsets[j] + (double) scales[j] * codes[offset + j];
            sum += value * value;
        }
        return (float) sum;
    }

    /**
     * Prepares {@code query} for scoring codes: fills {@code weighted} with {@code query[j]·scales[j]}
     * and returns {@code sum query[j]·offsets[j]}, so that the inner product of the query with a
     * decoded vector is that sum plus the inner product of {@code weighted} with the codes.
     */
    public float prepare(float[] query, float[] weighted) {
        double base = 0;
        for (int j = 0; j < offsets.length; j++) {
            weighted[j] = query[j] * scales[j];
            base += (double) query[j] * offsets[j];
        }
        return (float) base;
    }
}
