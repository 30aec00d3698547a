package dev.annex.vector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Plain-Java kernels: the reference every other implementation is tested against, and the fallback. */
public final class ScalarVectorKernels implements VectorKernels {

    static final ValueLayout.OfFloat LITTLE_ENDIAN_FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int bound = length & ~3; i < bound; i += 4) {
            s0 += a[aOffset + i] * b[bOffset + i];
            s1 += a[aOffset + i + 1] * b[bOffset + i + 1];
            s2 += a[aOffset + i + 2] * b[bOffset + i + 2];
            s3 += a[aOffset + i + 3] * b[bOffset + i + 3];
        }
        for (; i < length; i++) {
            s0 += a[aOffset + i] * b[bOffset + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float dotProductCodes(float[] a, byte[] codes, int codesOffset, int length) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int bound = length & ~3; i < bound; i += 4) {
            s0 += a[i] * codes[codesOffset + i];
            s1 += a[i + 1] * codes[codesOffset + i + 1];
            s2 += a[i + 2] * codes[codesOffset + i + 2];
            s3 += a[i + 3] * codes[codesOffset + i + 3];
        }
        for (; i < length; i++) {
            s0 += a[i] * codes[codesOffset + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void dotProductCodes4(float[] q, byte[] a, int aOffset, byte[] b, int bOffset, byte[] c, int cOffset, byte[] d,
                                 int dOffset, int length, float[] out, int outOffset) {
        out[outOffset] = dotProductCodes(q, a, aOffset, length);
        out[outOffset + 1] = dotProductCodes(q, b, bOffset, length);
        out[outOffset + 2] = dotProductCodes(q, c, cOffset, length);
        out[outOffset + 3] = dotProductCodes(q, d, dOffset, length);
    }

    @Override
    public void fastScanBlock(byte[] blocks, int blockOffset, byte[] table, int subspaces, short[] sums) {
        java.util.Arrays.fill(sums, 0, 32, (short) 0);
        for (int j = 0; j < subspaces; j++) {
            int row = blockOffset + 16 * j;
            for (int t = 0; t < 16; t++) {
                int packed = blocks[row + t];
                sums[t] += (short) (table[16 * j + (packed & 0x0F)] & 0xFF);
                sums[t + 16] += (short) (table[16 * j + ((packed >>> 4) & 0x0F)] & 0xFF);
            }
        }
    }

    @Override
    public int atLeast32(short[] sums, int threshold) {
        int mask = 0;
        for (int i = 0; i < 32; i++) {
            if (sums[i] >= threshold) {
                mask |= 1 << i;
            }
        }
        return mask;
    }

    @Override
    public void dotProductPanel(float[] p0, float[] p1, float[] p2, float[] p3, float[] panel, int panelOffset, int length,
                                float[] out) {
        java.util.Arrays.fill(out, 0, 4 * PANEL_WIDTH, 0f);
        for (int j = 0; j < length; j++) {
            float x0 = p0[j], x1 = p1[j], x2 = p2[j], x3 = p3[j];
            int row = panelOffset + PANEL_WIDTH * j;
            for (int c = 0; c < PANEL_WIDTH; c++) {
                float y = panel[row + c];
                out[c] += x0 * y;
                out[PANEL_WIDTH + c] += x1 * y;
                out[2 * PANEL_WIDTH + c] += x2 * y;
                out[3 * PANEL_WIDTH + c] += x3 * y;
            }
        }
    }

    @Override
    public void dotProductPanel(float[] point, float[] panel, int panelOffset, int length, float[] out, int outOffset) {
        java.util.Arrays.fill(out, outOffset, outOffset + PANEL_WIDTH, 0f);
        for (int j = 0; j < length; j++) {
            float x = point[j];
            int row = panelOffset + PANEL_WIDTH * j;
            for (int c = 0; c < PANEL_WIDTH; c++) {
                out[outOffset + c] += x * panel[row + c];
            }
        }
    }

    @Override
    public float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int bound = length & ~3; i < bound; i += 4) {
            float d0 = a[aOffset + i] - b[bOffset + i];
            float d1 = a[aOffset + i + 1] - b[bOffset + i + 1];
            float d2 = a[aOffset + i + 2] - b[bOffset + i + 2];
            float d3 = a[aOffset + i + 3] - b[bOffset + i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < length; i++) {
            float d = a[aOffset + i] - b[bOffset + i];
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float cosine(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float dot = 0, normA = 0, normB = 0;
        for (int i = 0; i < length; i++) {
            float x = a[aOffset + i];
            float y = b[bOffset + i];
            dot += x * y;
            normA += x * x;
            normB += y * y;
        }
        return cosineFrom(dot, normA, normB);
    }

    @Override
    public void squareDistance4(float[] q, int qOffset, float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
                                float[] d, int dOffset, int length, float[] out, int outOffset) {
        float sa = 0, sb = 0, sc = 0, sd = 0;
        for (int i = 0; i < length; i++) {
            float x = q[qOffset + i];
            float da = x - a[aOffset + i];
            float db = x - b[bOffset + i];
            float dc = x - c[cOffset + i];
            float dd = x - d[dOffset + i];
            sa += da * da;
            sb += db * db;
            sc += dc * dc;
            sd += dd * dd;
        }
        out[outOffset] = sa;
        out[outOffset + 1] = sb;
        out[outOffset + 2] = sc;
        out[outOffset + 3] = sd;
    }

    @Override
    public void dotProduct4(float[] q, int qOffset, float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
                            float[] d, int dOffset, int length, float[] out, int outOffset) {
        float sa = 0, sb = 0, sc = 0, sd = 0;
        for (int i = 0; i < length; i++) {
            float x = q[qOffset + i];
            sa += x * a[aOffset + i];
            sb += x * b[bOffset + i];
            sc += x * c[cOffset + i];
            sd += x * d[dOffset + i];
        }
        out[outOffset] = sa;
        out[outOffset + 1] = sb;
        out[outOffset + 2] = sc;
        out[outOffset + 3] = sd;
    }

    @Override
    public int firstAbove(float[] values, int from, int to, float threshold) {
        int i = from;
        while (i < to && !(values[i] > threshold)) {
            i++;
        }
        return i;
    }

    @Override
    public float leastScoreBelow(float[] products, int productsOffset, float[] terms, int termsOffset, float bound) {
        float least = bound;
        for (int c = 0; c < PANEL_WIDTH; c++) {
            float score = terms[termsOffset + c] - 2 * products[productsOffset + c];
            if (score < least) {
                least = score;
            }
        }
        return least;
    }

    @Override
    public int nearestColumn(float[] x, int xOffset, int length, float[] columns, int columnsOffset, int count, float[] terms,
            int termsOffset) {
        int best = 0;
        float bestScore = Float.POSITIVE_INFINITY;
        for (int c = 0; c < count; c++) {
            float score = terms[termsOffset + c];
            for (int t = 0; t < length; t++) {
                score = Math.fma(-2f * x[xOffset + t], columns[columnsOffset + t * count + c], score);
            }
            if (score < bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    @Override
    public void addScaled(float alpha, float[] x, int xOffset, float[] y, int yOffset, int length) {
        for (int i = 0; i < length; i++) {
            y[yOffset + i] += alpha * x[xOffset + i];
        }
    }

    // The segment variants mirror the array ones step for step, so a mapped index scores bit-identically.

    @Override
    public float dotProduct(float[] a, MemorySegment b, long bOffset, int length) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int bound = length & ~3; i < bound; i += 4) {
            s0 += a[i] * floatAt(b, bOffset, i);
            s1 += a[i + 1] * floatAt(b, bOffset, i + 1);
            s2 += a[i + 2] * floatAt(b, bOffset, i + 2);
            s3 += a[i + 3] * floatAt(b, bOffset, i + 3);
        }
        for (; i < length; i++) {
            s0 += a[i] * floatAt(b, bOffset, i);
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float squareDistance(float[] a, MemorySegment b, long bOffset, int length) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int bound = length & ~3; i < bound; i += 4) {
            float d0 = a[i] - floatAt(b, bOffset, i);
            float d1 = a[i + 1] - floatAt(b, bOffset, i + 1);
            float d2 = a[i + 2] - floatAt(b, bOffset, i + 2);
            float d3 = a[i + 3] - floatAt(b, bOffset, i + 3);
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < length; i++) {
            float d = a[i] - floatAt(b, bOffset, i);
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void squareDistance4(float[] q, MemorySegment vectors, long aOffset, long bOffset, long cOffset, long dOffset, int length,
                                float[] out, int outOffset) {
        float sa = 0, sb = 0, sc = 0, sd = 0;
        for (int i = 0; i < length; i++) {
            float x = q[i];
            float da = x - floatAt(vectors, aOffset, i);
            float db = x - floatAt(vectors, bOffset, i);
            float dc = x - floatAt(vectors, cOffset, i);
            float dd = x - floatAt(vectors, dOffset, i);
            sa += da * da;
            sb += db * db;
            sc += dc * dc;
            sd += dd * dd;
        }
        out[outOffset] = sa;
        out[outOffset + 1] = sb;
        out[outOffset + 2] = sc;
        out[outOffset + 3] = sd;
    }

    @Override
    public void dotProduct4(float[] q, MemorySegment vectors, long aOffset, long bOffset, long cOffset, long dOffset, int length,
                            float[] out, int outOffset) {
        float sa = 0, sb = 0, sc = 0, sd = 0;
        for (int i = 0; i < length; i++) {
            float x = q[i];
            sa += x * floatAt(vectors, aOffset, i);
            sb += x * floatAt(vectors, bOffset, i);
            sc += x * floatAt(vectors, cOffset, i);
            sd += x * floatAt(vectors, dOffset, i);
        }
        out[outOffset] = sa;
        out[outOffset + 1] = sb;
        out[outOffset + 2] = sc;
        out[outOffset + 3] = sd;
    }

    private static float floatAt(MemorySegment segment, long baseOffset, int index) {
        return segment.get(LITTLE_ENDIAN_FLOAT, baseOffset + (long) index * Float.BYTES);
    }

    /** Cosine from its three sums, 0 when a norm is zero; shared by every implementation. */
    public static float cosineFrom(float dot, float normASquared, float normBSquared) {
        double denominator = Math.sqrt((double) normASquared * normBSquared);
        return denominator == 0 ? 0f : (float) (dot / denominator);
    }
}
