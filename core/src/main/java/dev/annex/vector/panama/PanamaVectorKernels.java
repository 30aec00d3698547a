package dev.annex.vector.panama;

import dev.annex.vector.ScalarVectorKernels;
import dev.annex.vector.VectorKernels;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the JDK Vector API at the platform's preferred width. Each loop keeps four
 * independent accumulators so consecutive fused multiply-adds do not wait on each other,
 * then finishes with one-vector steps and a scalar tail.
 *
 * <p>Loaded reflectively by {@link dev.annex.vector.VectorKernelsProvider}, so the rest of
 * the engine runs without the {@code jdk.incubator.vector} module.
 */
public final class PanamaVectorKernels implements VectorKernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** As many byte lanes as {@link #SPECIES} has float lanes, one code per float; null below 8 lanes (no 32-bit byte shape). */
    private static final VectorSpecies<Byte> CODE_SPECIES = LANES >= 8
            ? VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * Byte.SIZE)) : null;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /** The vector width in bits this implementation uses. */
    public static int vectorBitSize() {
        return SPECIES.vectorBitSize();
    }

    @Override
    public String name() {
        return "panama-" + SPECIES.vectorBitSize();
    }

    @Override
    public float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int length) {
        int i = 0;
        float sum = 0;
        if (length >= LANES) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            FloatVector acc2 = FloatVector.zero(SPECIES);
            FloatVector acc3 = FloatVector.zero(SPECIES);
            for (int bound = length - 4 * LANES; i <= bound; i += 4 * LANES) {
                acc0 = load(a, aOffset + i).fma(load(b, bOffset + i), acc0);
                acc1 = load(a, aOffset + i + LANES).fma(load(b, bOffset + i + LANES), acc1);
                acc2 = load(a, aOffset + i + 2 * LANES).fma(load(b, bOffset + i + 2 * LANES), acc2);
                acc3 = load(a, aOffset + i + 3 * LANES).fma(load(b, bOffset + i + 3 * LANES), acc3);
            }
            for (int bound = length - LANES; i <= bound; i += LANES) {
                acc0 = load(a, aOffset + i).fma(load(b, bOffset + i), acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            sum = Math.fma(a[aOffset + i], b[bOffset + i], sum);
        }
        return sum;
    }

    @Override
    public float dotProductCodes(float[] a, byte[] codes, int codesOffset, int length) {
        int i = 0;
        float sum = 0;
        if (CODE_SPECIES != null && length >= LANES) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            for (int bound = length - 2 * LANES; i <= bound; i += 2 * LANES) {
                acc0 = load(a, i).fma(widen(codes, codesOffset + i), acc0);
                acc1 = load(a, i + LANES).fma(widen(codes, codesOffset + i + LANES), acc1);
            }
            for (int bound = length - LANES; i <= bound; i += LANES) {
                acc0 = load(a, i).fma(widen(codes, codesOffset + i), acc0);
            }
            sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            sum = Math.fma(a[i], codes[codesOffset + i], sum);
        }
        return sum;
    }

    @Override
    public void dotProductCodes4(float[] q, byte[] a, int aOffset, byte[] b, int bOffset, byte[] c, int cOffset, byte[] d,
                                 int dOffset, int length, float[] out, int outOffset) {
        int i = 0;
        float sa = 0, sb = 0, sc = 0, sd = 0;
        if (CODE_SPECIES != null && length >= LANES) {
            FloatVector accA = FloatVector.zero(SPECIES);
            FloatVector accB = FloatVector.zero(SPECIES);
            FloatVector accC = FloatVector.zero(SPECIES);
            FloatVector accD = FloatVector.zero(SPECIES);
            for (int bound = length - LANES; i <= bound; i += LANES) {
                FloatVector x = load(q, i);
                accA = x.fma(widen(a, aOffset + i), accA);
                accB = x.fma(widen(b, bOffset + i), accB);
                accC = x.fma(widen(c, cOffset + i), accC);
                accD = x.fma(widen(d, dOffset + i), accD);
            }
            sa = accA.reduceLanes(VectorOperators.ADD);
            sb = accB.reduceLanes(VectorOperators.ADD);
            sc = accC.reduceLanes(VectorOperators.ADD);
            sd = accD.reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            float x = q[i];
            sa = Math.fma(x, a[aOffset + i], sa);
            sb = Math.fma(x, b[bOffset + i], sb);
            sc = Math.fma(x, c[cOffset + i], sc);
            sd = Math.fma(x, d[dOffset + i], sd);
        }
        out[outOffset] = sa;
        out[outOffset + 1] = sb;
        out[outOffset + 2] = sc;
        out[outOffset + 3] = sd;
    }

    /** {@code LANES} signed bytes from {@code offset}, as floats. */
    private static FloatVector widen(byte[] codes, int offset) {
        return (FloatVector) ByteVector.fromArray(CODE_SPECIES, codes, offset).convertShape(VectorOperators.B2F, SPECIES, 0);
    }

    @Override
    public float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
        int i = 0;
        float sum = 0;
        if (length >= LANES) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            FloatVector acc2 = FloatVector.zero(SPECIES);
            FloatVector acc3 = FloatVector.zero(SPECIES);
            for (int bound = length - 4 * LANES; i <= bound; i += 4 * LANES) {
                FloatVector d0 = load(a, aOffset + i).sub(load(b, bOffset + i));
                FloatVector d1 = load(a, aOffset + i + LANES).sub(load(b, bOffset + i + LANES));
                FloatVector d2 = load(a, aOffset + i + 2 * LANES).sub(load(b, bOffset + i + 2 * LANES));
                FloatVector d3 = load(a, aOffset + i + 3 * LANES).sub(load(b, bOffset + i + 3 * LANES));
                acc0 = d0.fma(d0, acc0);
                acc1 = d1.fma(d1, acc1);
                acc2 = d2.fma(d2, acc2);
                acc3 = d3.fma(d3, acc3);
            }
            for (int bound = length - LANES; i <= bound; i += LANES) {
                FloatVector d = load(a, aOffset + i).sub(load(b, bOffset + i));
                acc0 = d.fma(d, acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            float d = a[aOffset + i] - b[bOffset + i];
            sum = Math.fma(d, d, sum);
        }
        return sum;
    }

    @Override
    public float cosine(float[] a, int aOffset, float[] b, int bOffset, int length) {
        int i = 0;
        float dot = 0, normA = 0, normB = 0;
        if (length >= LANES) {
            FloatVector dotAcc = FloatVector.zero(SPECIES);
            FloatVector normAAcc = FloatVector.zero(SPECIES);
            FloatVector normBAcc = FloatVector.zero(SPECIES);
            for (int bound = length - LANES; i <= bound; i += LANES) {
                FloatVector x = load(a, aOffset + i);
                FloatVector y = load(b, bOffset + i);
                dotAcc = x.fma(y, dotAcc);
                normAAcc = x.fma(x, normAAcc);
                normBAcc = y.fma(y, normBAcc);
            }
            dot = dotAcc.reduceLanes(VectorOperators.ADD);
            normA = normAAcc.reduceLanes(VectorOperators.ADD);
            normB = normBAcc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            float x = a[aOffset + i];
            float y = b[bOffset + i];
            dot = Math.fma(x, y, dot);
            normA = Math.fma(x, x, normA);
            normB = Math.fma(y, y, normB);
        }
        return ScalarVectorKernels.cosineFrom(dot, normA, normB);
    }

    @Override
    public void squareDistance4(float[] q, int qOffset, float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
                                float[] d, int dOffset, int length, float[] out, int outOffset) {
        int i = 0;
        float sa = 0, sb = 0, sc = 0, sd = 0;
        if (length >= LANES) {
            FloatVector accA = FloatVector.zero(SPECIES);
            FloatVector accB = FloatVector.zero(SPECIES);
            FloatVector accC = FloatVector.zero(SPECIES);
            FloatVector accD = FloatVector.zero(SPECIES);
            for (int bound = length - LANES; i <= bound; i += LANES) {
                FloatVector x = load(q, qOffset + i);
                FloatVector da = x.sub(load(a, aOffset + i));
                FloatVector db = x.sub(load(b, bOffset + i));
                FloatVector dc = x.sub(load(c, cOffset + i));
                FloatVector dd = x.sub(load(d, dOffset + i));
                accA = da.fma(da, accA);
                accB = db.fma(db, accB);
                accC = dc.fma(dc, accC);
                accD = dd.fma(dd, accD);
            }
            sa = accA.reduceLanes(VectorOperators.ADD);
            sb = accB.reduceLanes(VectorOperators.ADD);
            sc = accC.reduceLanes(VectorOperators.ADD);
            sd = accD.reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            float x = q[qOffset + i];
            float da = x - a[aOffset + i];
            float db = x - b[bOffset + i];
            float dc = x - c[cOffset + i];
            float dd = x - d[dOffset + i];
            sa = Math.fma(da, da, sa);
            sb = Math.fma(db, db, sb);
            sc = Math.fma(dc, dc, sc);
            sd = Math.fma(dd, dd, sd);
        }
        out[outOffset] = sa;
        out[outOffset + 1] = sb;
        out[outOffset + 2] = sc;
        out[outOffset + 3] = sd;
    }

    @Override
    public void dotProduct4(float[] q, int qOffset, float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
                            float[] d, int dOffset, int length, float[] out, int outOffset) {
        int i = 0;
        float sa = 0, sb = 0, sc = 0, sd = 0;
        if (length >= LANES) {
            FloatVector accA = FloatVector.zero(SPECIES);
            FloatVector accB = FloatVector.zero(SPECIES);
            FloatVector accC = FloatVector.zero(SPECIES);
            FloatVector accD = FloatVector.zero(SPECIES);
            for (int bound = length - LANES; i <= bound; i += LANES) {
                FloatVector x = load(q, qOffset + i);
                accA = x.fma(load(a, aOffset + i), accA);
                accB = x.fma(load(b, bOffset + i), accB);
                accC = x.fma(load(c, cOffset + i), accC);
                accD = x.fma(load(d, dOffset + i), accD);
            }
            sa = accA.reduceLanes(VectorOperators.ADD);
            sb = accB.reduceLanes(VectorOperators.ADD);
            sc = accC.reduceLanes(VectorOperators.ADD);
            sd = accD.reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            float x = q[qOffset + i];
            sa = Math.fma(x, a[aOffset + i], sa);
            sb = Math.fma(x, b[bOffset + i], sb);
            sc = Math.fma(x, c[cOffset + i], sc);
            sd = Math.fma(x, d[dOffset + i], sd);
        }
        out[outOffset] = sa;
        out[outOffset + 1] = sb;
        out[outOffset + 2] = sc;
        out[outOffset + 3] = sd;
    }

    @Override
    public void addScaled(float alpha, float[] x, int xOffset, float[] y, int yOffset, int length) {
        int i = 0;
        FloatVector scale = FloatVector.broadcast(SPECIES, alpha);
        for (int bound = length - LANES; i <= bound; i += LANES) {
            load(x, xOffset + i).fma(scale, load(y, yOffset + i)).intoArray(y, yOffset + i);
        }
        for (; i < length; i++) {
            y[yOffset + i] = Math.fma(alpha, x[xOffset + i], y[yOffset + i]);
        }
    }

    // The segment variants mirror the array ones step for step, so a mapped index scores bit-identically.

    @Override
    public float dotProduct(float[] a, MemorySegment b, long bOffset, int length) {
        int i = 0;
        float sum = 0;
        if (length >= LANES) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            FloatVector acc2 = FloatVector.zero(SPECIES);
            FloatVector acc3 = FloatVector.zero(SPECIES);
            for (int bound = length - 4 * LANES; i <= bound; i += 4 * LANES) {
                acc0 = load(a, i).fma(load(b, bOffset, i), acc0);
                acc1 = load(a, i + LANES).fma(load(b, bOffset, i + LANES), acc1);
                acc2 = load(a, i + 2 * LANES).fma(load(b, bOffset, i + 2 * LANES), acc2);
                acc3 = load(a, i + 3 * LANES).fma(load(b, bOffset, i + 3 * LANES), acc3);
            }
            for (int bound = length - LANES; i <= bound; i += LANES) {
                acc0 = load(a, i).fma(load(b, bOffset, i), acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            sum = Math.fma(a[i], b.get(FLOAT_LE, bOffset + (long) i * Float.BYTES), sum);
        }
        return sum;
    }

    @Override
    public float squareDistance(float[] a, MemorySegment b, long bOffset, int length) {
        int i = 0;
        float sum = 0;
        if (length >= LANES) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            FloatVector acc2 = FloatVector.zero(SPECIES);
            FloatVector acc3 = FloatVector.zero(SPECIES);
            for (int bound = length - 4 * LANES; i <= bound; i += 4 * LANES) {
                FloatVector d0 = load(a, i).sub(load(b, bOffset, i));
                FloatVector d1 = load(a, i + LANES).sub(load(b, bOffset, i + LANES));
                FloatVector d2 = load(a, i + 2 * LANES).sub(load(b, bOffset, i + 2 * LANES));
                FloatVector d3 = load(a, i + 3 * LANES).sub(load(b, bOffset, i + 3 * LANES));
                acc0 = d0.fma(d0, acc0);
                acc1 = d1.fma(d1, acc1);
                acc2 = d2.fma(d2, acc2);
                acc3 = d3.fma(d3, acc3);
            }
            for (int bound = length - LANES; i <= bound; i += LANES) {
                FloatVector d = load(a, i).sub(load(b, bOffset, i));
                acc0 = d.fma(d, acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            float d = a[i] - b.get(FLOAT_LE, bOffset + (long) i * Float.BYTES);
            sum = Math.fma(d, d, sum);
        }
        return sum;
    }

    private static final java.lang.foreign.ValueLayout.OfFloat FLOAT_LE =
            java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ORDER);

    private static FloatVector load(float[] array, int offset) {
        return FloatVector.fromArray(SPECIES, array, offset);
    }

    private static FloatVector load(MemorySegment segment, long baseOffset, int index) {
        return FloatVector.fromMemorySegment(SPECIES, segment, baseOffset + (long) index * Float.BYTES, ORDER);
    }
}
