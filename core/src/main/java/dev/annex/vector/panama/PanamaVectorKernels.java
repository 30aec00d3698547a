package dev.annex.vector.panama;

import dev.annex.vector.ScalarVectorKernels;
import dev.annex.vector.VectorKernels;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
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
    /** One 4-bit lookup table (16 byte entries) per register: the shape an in-register byte shuffle works on. */
    private static final VectorSpecies<Byte> NIBBLE_TABLE = ByteVector.SPECIES_128;
    /** The 16 looked-up bytes of one table, widened to shorts for summing. */
    private static final VectorSpecies<Short> NIBBLE_SUMS = ShortVector.SPECIES_256;

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
    public void fastScanBlock(byte[] blocks, int blockOffset, byte[] table, int subspaces, short[] sums) {
        ShortVector low = ShortVector.zero(NIBBLE_SUMS);
        ShortVector high = ShortVector.zero(NIBBLE_SUMS);
        for (int j = 0; j < subspaces; j++) {
            ByteVector lookup = ByteVector.fromArray(NIBBLE_TABLE, table, 16 * j);
            ByteVector packed = ByteVector.fromArray(NIBBLE_TABLE, blocks, blockOffset + 16 * j);
            ByteVector lowCodes = packed.and((byte) 0x0F);
            ByteVector highCodes = packed.lanewise(VectorOperators.LSHR, 4);
            low = low.add(lowCodes.selectFrom(lookup).convertShape(VectorOperators.ZERO_EXTEND_B2S, NIBBLE_SUMS, 0));
            high = high.add(highCodes.selectFrom(lookup).convertShape(VectorOperators.ZERO_EXTEND_B2S, NIBBLE_SUMS, 0));
        }
        low.intoArray(sums, 0);
        high.intoArray(sums, 16);
    }

    @Override
    public int atLeast32(short[] sums, int threshold) {
        if (threshold <= Short.MIN_VALUE) {
            return -1;
        }
        if (threshold > Short.MAX_VALUE) {
            return 0;
        }
        short least = (short) threshold;
        long low = ShortVector.fromArray(NIBBLE_SUMS, sums, 0).compare(VectorOperators.GE, least).toLong();
        long high = ShortVector.fromArray(NIBBLE_SUMS, sums, 16).compare(VectorOperators.GE, least).toLong();
        return (int) (low | high << 16);
    }

    @Override
    public void dotProductPanel(float[] p0, float[] p1, float[] p2, float[] p3, float[] panel, int panelOffset, int length,
                                float[] out) {
        // Strips of four registers across the panel: 16 accumulators, four loads and four broadcasts per component.
        for (int strip = 0; strip < PANEL_WIDTH; strip += 4 * LANES) {
            FloatVector s00 = FloatVector.zero(SPECIES), s01 = FloatVector.zero(SPECIES);
            FloatVector s02 = FloatVector.zero(SPECIES), s03 = FloatVector.zero(SPECIES);
            FloatVector s10 = FloatVector.zero(SPECIES), s11 = FloatVector.zero(SPECIES);
            FloatVector s12 = FloatVector.zero(SPECIES), s13 = FloatVector.zero(SPECIES);
            FloatVector s20 = FloatVector.zero(SPECIES), s21 = FloatVector.zero(SPECIES);
            FloatVector s22 = FloatVector.zero(SPECIES), s23 = FloatVector.zero(SPECIES);
            FloatVector s30 = FloatVector.zero(SPECIES), s31 = FloatVector.zero(SPECIES);
            FloatVector s32 = FloatVector.zero(SPECIES), s33 = FloatVector.zero(SPECIES);
            for (int j = 0, row = panelOffset + strip; j < length; j++, row += PANEL_WIDTH) {
                FloatVector y0 = load(panel, row);
                FloatVector y1 = load(panel, row + LANES);
                FloatVector y2 = load(panel, row + 2 * LANES);
                FloatVector y3 = load(panel, row + 3 * LANES);
                FloatVector x0 = FloatVector.broadcast(SPECIES, p0[j]);
                s00 = y0.fma(x0, s00);
                s01 = y1.fma(x0, s01);
                s02 = y2.fma(x0, s02);
                s03 = y3.fma(x0, s03);
                FloatVector x1 = FloatVector.broadcast(SPECIES, p1[j]);
                s10 = y0.fma(x1, s10);
                s11 = y1.fma(x1, s11);
                s12 = y2.fma(x1, s12);
                s13 = y3.fma(x1, s13);
                FloatVector x2 = FloatVector.broadcast(SPECIES, p2[j]);
                s20 = y0.fma(x2, s20);
                s21 = y1.fma(x2, s21);
                s22 = y2.fma(x2, s22);
                s23 = y3.fma(x2, s23);
                FloatVector x3 = FloatVector.broadcast(SPECIES, p3[j]);
                s30 = y0.fma(x3, s30);
                s31 = y1.fma(x3, s31);
                s32 = y2.fma(x3, s32);
                s33 = y3.fma(x3, s33);
            }
            storeStrip(out, strip, s00, s01, s02, s03);
            storeStrip(out, PANEL_WIDTH + strip, s10, s11, s12, s13);
            storeStrip(out, 2 * PANEL_WIDTH + strip, s20, s21, s22, s23);
            storeStrip(out, 3 * PANEL_WIDTH + strip, s30, s31, s32, s33);
        }
    }

    private static void storeStrip(float[] out, int offset, FloatVector a, FloatVector b, FloatVector c, FloatVector d) {
        a.intoArray(out, offset);
        b.intoArray(out, offset + LANES);
        c.intoArray(out, offset + 2 * LANES);
        d.intoArray(out, offset + 3 * LANES);
    }

    @Override
    public void dotProductPanel(float[] point, float[] panel, int panelOffset, int length, float[] out, int outOffset) {
        for (int strip = 0; strip < PANEL_WIDTH; strip += 4 * LANES) {
            FloatVector s0 = FloatVector.zero(SPECIES), s1 = FloatVector.zero(SPECIES);
            FloatVector s2 = FloatVector.zero(SPECIES), s3 = FloatVector.zero(SPECIES);
            for (int j = 0, row = panelOffset + strip; j < length; j++, row += PANEL_WIDTH) {
                FloatVector x = FloatVector.broadcast(SPECIES, point[j]);
                s0 = load(panel, row).fma(x, s0);
                s1 = load(panel, row + LANES).fma(x, s1);
                s2 = load(panel, row + 2 * LANES).fma(x, s2);
                s3 = load(panel, row + 3 * LANES).fma(x, s3);
            }
            storeStrip(out, outOffset + strip, s0, s1, s2, s3);
        }
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
    public int firstAbove(float[] values, int from, int to, float threshold) {
        int i = from;
        FloatVector limit = FloatVector.broadcast(SPECIES, threshold);
        for (int bound = to - LANES; i <= bound; i += LANES) {
            VectorMask<Float> above = load(values, i).compare(VectorOperators.GT, limit);
            if (above.anyTrue()) {
                return i + above.firstTrue();
            }
        }
        while (i < to && !(values[i] > threshold)) {
            i++;
        }
        return i;
    }

    @Override
    public float leastScoreBelow(float[] products, int productsOffset, float[] terms, int termsOffset, float bound) {
        FloatVector minusTwo = FloatVector.broadcast(SPECIES, -2f);
        FloatVector limit = FloatVector.broadcast(SPECIES, bound);
        // A lane holding NaN compares false and so is never below; the others keep their least.
        FloatVector least = limit;
        for (int c = 0; c < PANEL_WIDTH; c += LANES) {
            FloatVector score = load(products, productsOffset + c).fma(minusTwo, load(terms, termsOffset + c));
            least = least.blend(score, score.compare(VectorOperators.LT, least));
        }
        if (!least.compare(VectorOperators.LT, limit).anyTrue()) {
            return bound;
        }
        return least.reduceLanes(VectorOperators.MIN);
    }

    @Override
    public int nearestColumn(float[] x, int xOffset, int length, float[] columns, int columnsOffset, int count, float[] terms,
            int termsOffset) {
        int best = 0;
        float bestScore = Float.POSITIVE_INFINITY;
        // A register of centroids at a time, every component before the next register: no scores go to memory.
        for (int c = 0; c < count; c += LANES) {
            // A last, partial register loads zeros past count onto infinite terms, which never win.
            VectorMask<Float> part = c + LANES <= count ? null : SPECIES.indexInRange(c, count);
            FloatVector score = part == null ? load(terms, termsOffset + c)
                    : FloatVector.fromArray(SPECIES, terms, termsOffset + c, part).blend(Float.POSITIVE_INFINITY, part.not());
            for (int t = 0; t < length; t++) {
                int at = columnsOffset + t * count + c;
                FloatVector column = part == null ? load(columns, at) : FloatVector.fromArray(SPECIES, columns, at, part);
                score = column.fma(FloatVector.broadcast(SPECIES, -2f * x[xOffset + t]), score);
            }
            float least = score.reduceLanes(VectorOperators.MIN);
            if (least < bestScore) {
                bestScore = least;
                best = c + score.compare(VectorOperators.EQ, least).firstTrue();
            }
        }
        return best;
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

    @Override
    public void squareDistance4(float[] q, MemorySegment vectors, long aOffset, long bOffset, long cOffset, long dOffset, int length,
                                float[] out, int outOffset) {
        int i = 0;
        float sa = 0, sb = 0, sc = 0, sd = 0;
        if (length >= LANES) {
            FloatVector accA = FloatVector.zero(SPECIES);
            FloatVector accB = FloatVector.zero(SPECIES);
            FloatVector accC = FloatVector.zero(SPECIES);
            FloatVector accD = FloatVector.zero(SPECIES);
            for (int bound = length - LANES; i <= bound; i += LANES) {
                FloatVector x = load(q, i);
                FloatVector da = x.sub(load(vectors, aOffset, i));
                FloatVector db = x.sub(load(vectors, bOffset, i));
                FloatVector dc = x.sub(load(vectors, cOffset, i));
                FloatVector dd = x.sub(load(vectors, dOffset, i));
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
            float x = q[i];
            float da = x - floatAt(vectors, aOffset, i);
            float db = x - floatAt(vectors, bOffset, i);
            float dc = x - floatAt(vectors, cOffset, i);
            float dd = x - floatAt(vectors, dOffset, i);
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
    public void dotProduct4(float[] q, MemorySegment vectors, long aOffset, long bOffset, long cOffset, long dOffset, int length,
                            float[] out, int outOffset) {
        int i = 0;
        float sa = 0, sb = 0, sc = 0, sd = 0;
        if (length >= LANES) {
            FloatVector accA = FloatVector.zero(SPECIES);
            FloatVector accB = FloatVector.zero(SPECIES);
            FloatVector accC = FloatVector.zero(SPECIES);
            FloatVector accD = FloatVector.zero(SPECIES);
            for (int bound = length - LANES; i <= bound; i += LANES) {
                FloatVector x = load(q, i);
                accA = x.fma(load(vectors, aOffset, i), accA);
                accB = x.fma(load(vectors, bOffset, i), accB);
                accC = x.fma(load(vectors, cOffset, i), accC);
                accD = x.fma(load(vectors, dOffset, i), accD);
            }
            sa = accA.reduceLanes(VectorOperators.ADD);
            sb = accB.reduceLanes(VectorOperators.ADD);
            sc = accC.reduceLanes(VectorOperators.ADD);
            sd = accD.reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            float x = q[i];
            sa = Math.fma(x, floatAt(vectors, aOffset, i), sa);
            sb = Math.fma(x, floatAt(vectors, bOffset, i), sb);
            sc = Math.fma(x, floatAt(vectors, cOffset, i), sc);
            sd = Math.fma(x, floatAt(vectors, dOffset, i), sd);
        }
        out[outOffset] = sa;
        out[outOffset + 1] = sb;
        out[outOffset + 2] = sc;
        out[outOffset + 3] = sd;
    }

    private static float floatAt(MemorySegment segment, long baseOffset, int index) {
        return segment.get(FLOAT_LE, baseOffset + (long) index * Float.BYTES);
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
