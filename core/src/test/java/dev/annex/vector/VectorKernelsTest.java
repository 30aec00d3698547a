package dev.annex.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Panama kernels agree with the scalar reference on awkward sizes, within a tolerance that grows with size. */
class VectorKernelsTest {

    private static final VectorKernels SCALAR = VectorKernelsProvider.scalar();
    private static final VectorKernels PANAMA = VectorKernelsProvider.panama();

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 7, 8, 13, 15, 16, 17, 31, 33, 64, 96, 100, 128, 207, 384, 702, 768, 784, 1021, 1024, 1536, 4097, 4098})
    void panamaMatchesScalar(int size) {
        Random random = new Random(size);
        float[] a = new float[size + 5];
        float[] b = new float[size + 9];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextFloat() * 2 - 1;
        }
        float tolerance = 1e-5f * size + 1e-6f;
        for (int aOffset : new int[] {0, 3}) {
            for (int bOffset : new int[] {0, 7}) {
                assertEquals(SCALAR.dotProduct(a, aOffset, b, bOffset, size), PANAMA.dotProduct(a, aOffset, b, bOffset, size),
                        tolerance, "dot size " + size);
                assertEquals(SCALAR.squareDistance(a, aOffset, b, bOffset, size),
                        PANAMA.squareDistance(a, aOffset, b, bOffset, size), tolerance, "l2 size " + size);
                assertEquals(SCALAR.cosine(a, aOffset, b, bOffset, size), PANAMA.cosine(a, aOffset, b, bOffset, size),
                        1e-5f, "cosine size " + size);
            }
        }
        float[] four = new float[6];
        for (VectorKernels kernels : new VectorKernels[] {SCALAR, PANAMA}) {
            kernels.squareDistance4(a, 0, b, 0, b, 1, b, 5, b, 9, size, four, 2);
            int[] offsets = {0, 1, 5, 9};
            for (int j = 0; j < 4; j++) {
                assertEquals(SCALAR.squareDistance(a, 0, b, offsets[j], size), four[2 + j], tolerance, kernels.name() + " l2x4 " + j);
            }
            kernels.dotProduct4(a, 0, b, 9, b, 5, b, 1, b, 0, size, four, 1);
            for (int j = 0; j < 4; j++) {
                assertEquals(SCALAR.dotProduct(a, 0, b, offsets[3 - j], size), four[1 + j], tolerance, kernels.name() + " dotx4 " + j);
            }
        }
        float[] scalarY = b.clone();
        float[] panamaY = b.clone();
        SCALAR.addScaled(0.75f, a, 3, scalarY, 7, size);
        PANAMA.addScaled(0.75f, a, 3, panamaY, 7, size);
        for (int i = 0; i < scalarY.length; i++) {
            assertEquals(scalarY[i], panamaY[i], 1e-6f, "addScaled at " + i);
            assertEquals(i >= 7 && i < 7 + size ? b[i] + 0.75f * a[i - 4] : b[i], scalarY[i], 1e-6f, "addScaled at " + i);
        }
        for (VectorKernels kernels : new VectorKernels[] {SCALAR, PANAMA}) {
            int width = VectorKernels.PANEL_WIDTH;
            float[][] rows = new float[4 + width][size];
            for (float[] row : rows) {
                for (int i = 0; i < size; i++) {
                    row[i] = random.nextFloat() * 2 - 1;
                }
            }
            float[] panel = new float[3 + width * size];
            for (int c = 0; c < width; c++) {
                for (int j = 0; j < size; j++) {
                    panel[3 + width * j + c] = rows[4 + c][j];
                }
            }
            float[] products = new float[4 * width];
            kernels.dotProductPanel(rows[0], rows[1], rows[2], rows[3], panel, 3, size, products);
            for (int p = 0; p < 4; p++) {
                for (int c = 0; c < width; c++) {
                    assertEquals(SCALAR.dotProduct(rows[p], 0, rows[4 + c], 0, size), products[width * p + c], tolerance,
                            kernels.name() + " panel point " + p + " vector " + c);
                }
            }
            float[] one = new float[5 + width];
            kernels.dotProductPanel(rows[2], panel, 3, size, one, 5);
            for (int c = 0; c < width; c++) {
                assertEquals(SCALAR.dotProduct(rows[2], 0, rows[4 + c], 0, size), one[5 + c], tolerance,
                        kernels.name() + " one-point panel vector " + c);
            }
        }
        byte[] codes = new byte[size + 11];
        random.nextBytes(codes);
        codes[0] = Byte.MIN_VALUE;
        double expectedCodes = 0;
        for (int i = 0; i < size; i++) {
            expectedCodes += (double) a[i] * codes[11 + i];
        }
        float codeTolerance = 128 * tolerance;
        assertEquals(expectedCodes, SCALAR.dotProductCodes(a, codes, 11, size), codeTolerance, "scalar codes size " + size);
        assertEquals(expectedCodes, PANAMA.dotProductCodes(a, codes, 11, size), codeTolerance, "panama codes size " + size);
        for (VectorKernels kernels : new VectorKernels[] {SCALAR, PANAMA}) {
            float[] fourCodes = new float[5];
            kernels.dotProductCodes4(a, codes, 11, codes, 0, codes, 3, codes, 11, size, fourCodes, 1);
            int[] codeOffsets = {11, 0, 3, 11};
            for (int j = 0; j < 4; j++) {
                assertEquals(SCALAR.dotProductCodes(a, codes, codeOffsets[j], size), fourCodes[1 + j], codeTolerance,
                        kernels.name() + " codes x4 " + j);
            }
        }
        int subspaces = Math.min(size, 128);
        byte[] blocks = new byte[5 + 16 * subspaces];
        byte[] table = new byte[16 * subspaces];
        random.nextBytes(blocks);
        random.nextBytes(table);
        table[0] = (byte) 0xFF;
        for (VectorKernels kernels : new VectorKernels[] {SCALAR, PANAMA}) {
            short[] sums = new short[32];
            kernels.fastScanBlock(blocks, 5, table, subspaces, sums);
            for (int vector = 0; vector < 32; vector++) {
                int expected = 0;
                for (int j = 0; j < subspaces; j++) {
                    int packed = blocks[5 + 16 * j + vector % 16] & 0xFF;
                    int code = vector < 16 ? packed & 0x0F : packed >> 4;
                    expected += table[16 * j + code] & 0xFF;
                }
                assertEquals(expected, sums[vector], kernels.name() + " fast scan vector " + vector + " of " + subspaces);
            }
        }
        short[] blockSums = new short[32];
        for (int i = 0; i < 32; i++) {
            blockSums[i] = (short) random.nextInt(Short.MAX_VALUE + 1);
        }
        blockSums[3] = 1000;
        for (int threshold : new int[] {Integer.MIN_VALUE, 0, 1000, 1001, random.nextInt(Short.MAX_VALUE), Short.MAX_VALUE, 40_000}) {
            int expected = 0;
            for (int i = 0; i < 32; i++) {
                expected |= blockSums[i] >= threshold ? 1 << i : 0;
            }
            for (VectorKernels kernels : new VectorKernels[] {SCALAR, PANAMA}) {
                assertEquals(expected, kernels.atLeast32(blockSums, threshold), kernels.name() + " sums at least " + threshold);
            }
        }
        float[] values = new float[size + 7];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 13 == 5 ? Float.NaN : (float) random.nextGaussian();
        }
        for (float threshold : new float[] {Float.NEGATIVE_INFINITY, -1f, 0.5f, 2f, Float.POSITIVE_INFINITY}) {
            for (int from = 0; from <= 7; from += 7) {
                int expected = from;
                while (expected < from + size && !(values[expected] > threshold)) {
                    expected++;
                }
                for (VectorKernels kernels : new VectorKernels[] {SCALAR, PANAMA}) {
                    assertEquals(expected, kernels.firstAbove(values, from, from + size, threshold),
                            kernels.name() + " first above " + threshold + " from " + from);
                }
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            long offset = 12;
            MemorySegment segment = arena.allocate(offset + (long) size * Float.BYTES);
            for (int i = 0; i < size; i++) {
                segment.set(ScalarVectorKernels.LITTLE_ENDIAN_FLOAT, offset + (long) i * Float.BYTES, b[i]);
            }
            float expectedDot = SCALAR.dotProduct(a, 0, b, 0, size);
            float expectedL2 = SCALAR.squareDistance(a, 0, b, 0, size);
            assertEquals(expectedDot, SCALAR.dotProduct(a, segment, offset, size), tolerance);
            assertEquals(expectedDot, PANAMA.dotProduct(a, segment, offset, size), tolerance);
            assertEquals(expectedL2, SCALAR.squareDistance(a, segment, offset, size), tolerance);
            assertEquals(expectedL2, PANAMA.squareDistance(a, segment, offset, size), tolerance);
        }
    }

    /**
     * The 4-wide kernels over a segment (a memory-mapped index's batch) give what the array
     * kernels give for the same vectors, on each implementation, within the tolerance of
     * {@link #panamaMatchesScalar} (lane sums may be reduced in another order once compiled).
     * Vectors at scattered, unaligned offsets; seed = size.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 15, 16, 17, 33, 96, 100, 784, 1027})
    void segmentBatchesScoreAsArrayBatches(int size) {
        Random random = new Random(size);
        float[] q = new float[size];
        float[][] rows = new float[4][size];
        for (int i = 0; i < size; i++) {
            q[i] = random.nextFloat() * 2 - 1;
            for (float[] row : rows) {
                row[i] = random.nextFloat() * 2 - 1;
            }
        }
        long[] offsets = {4, 12L * size * Float.BYTES + 8, 4L * size * Float.BYTES + 4, 8L * size * Float.BYTES + 12};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(14L * size * Float.BYTES + 64);
            for (int r = 0; r < 4; r++) {
                for (int i = 0; i < size; i++) {
                    segment.set(ScalarVectorKernels.LITTLE_ENDIAN_FLOAT, offsets[r] + (long) i * Float.BYTES, rows[r][i]);
                }
            }
            for (VectorKernels kernels : new VectorKernels[] {SCALAR, PANAMA}) {
                float[] fromArrays = new float[5];
                float[] fromSegment = new float[5];
                kernels.squareDistance4(q, 0, rows[0], 0, rows[1], 0, rows[2], 0, rows[3], 0, size, fromArrays, 1);
                kernels.squareDistance4(q, segment, offsets[0], offsets[1], offsets[2], offsets[3], size, fromSegment, 1);
                float tolerance = 1e-5f * size + 1e-6f;
                assertArrayEquals(fromArrays, fromSegment, tolerance, kernels.name() + " squareDistance4, size " + size);
                kernels.dotProduct4(q, 0, rows[0], 0, rows[1], 0, rows[2], 0, rows[3], 0, size, fromArrays, 1);
                kernels.dotProduct4(q, segment, offsets[0], offsets[1], offsets[2], offsets[3], size, fromSegment, 1);
                assertArrayEquals(fromArrays, fromSegment, tolerance, kernels.name() + " dotProduct4, size " + size);
                assertEquals(SCALAR.dotProduct(q, 0, rows[2], 0, size), fromSegment[3], tolerance, kernels.name());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 13, 100})
    void knownAnswers(int size) {
        float[] ones = new float[size];
        float[] twos = new float[size];
        java.util.Arrays.fill(ones, 1f);
        java.util.Arrays.fill(twos, 2f);
        for (VectorKernels kernels : new VectorKernels[] {SCALAR, PANAMA}) {
            assertEquals(2f * size, kernels.dotProduct(ones, 0, twos, 0, size), 0f, kernels.name());
            assertEquals(size, kernels.squareDistance(ones, 0, twos, 0, size), 0f, kernels.name());
            assertEquals(1f, kernels.cosine(ones, 0, twos, 0, size), 1e-6f, kernels.name());
            assertEquals(0f, kernels.cosine(ones, 0, new float[size], 0, size), 0f, kernels.name());
        }
    }

    /**
     * A panel's least score below a bound (seed 71), at odd offsets: both kernels give the plain
     * loop's value, the bound itself when nothing is below it (ties included), +∞ terms (padding)
     * never win, the least may sit in any lane, and a NaN lane is passed over.
     */
    @Test
    void leastScoreBelowABound() {
        int width = VectorKernels.PANEL_WIDTH;
        Random random = new Random(71);
        for (int trial = 0; trial < 200; trial++) {
            float[] products = new float[width + 3];
            float[] terms = new float[width + 5];
            for (int c = 0; c < products.length; c++) {
                products[c] = random.nextFloat() * 4 - 2;
            }
            for (int c = 0; c < terms.length; c++) {
                terms[c] = trial % 3 == 0 && c % 7 == 0 ? Float.POSITIVE_INFINITY : random.nextFloat();
            }
            products[3 + (trial * 7) % width] = trial % 2 == 0 ? Float.NaN : products[3 + (trial * 7) % width];
            float least = Float.POSITIVE_INFINITY;
            for (int c = 0; c < width; c++) {
                float score = terms[5 + c] - 2 * products[3 + c];
                least = score < least ? score : least;
            }
            for (VectorKernels kernels : new VectorKernels[] {SCALAR, PANAMA}) {
                String name = kernels.name() + " trial " + trial;
                assertEquals(least, kernels.leastScoreBelow(products, 3, terms, 5, Float.POSITIVE_INFINITY), 0f, name);
                assertEquals(least, kernels.leastScoreBelow(products, 3, terms, 5, Math.nextUp(least)), 0f, name);
                assertEquals(least, kernels.leastScoreBelow(products, 3, terms, 5, least), 0f, name + " tie");
                assertEquals(least - 1, kernels.leastScoreBelow(products, 3, terms, 5, least - 1), 0f, name + " nothing below");
            }
        }
    }

    /**
     * nearestColumn against a plain loop over squared distances, at the two product-quantizer widths
     * (16 and 256 centroids), a count that leaves a tail, and sub-spaces of 1 to 49 components;
     * offsets put every row off a register boundary. A duplicated centroid makes a tie, which the
     * lower index wins, and both kernels agree exactly (the same fused multiply-adds in the same order).
     */
    @Test
    void nearestColumnFindsTheNearestCentroid() {
        Random random = new Random(72);
        int[][] shapes = {{16, 1}, {16, 2}, {16, 14}, {20, 3}, {256, 6}, {256, 49}, {37, 8}};
        for (int[] shape : shapes) {
            int count = shape[0];
            int length = shape[1];
            for (int trial = 0; trial < 20; trial++) {
                float[][] centroids = new float[count][length];
                for (float[] centroid : centroids) {
                    for (int t = 0; t < length; t++) {
                        centroid[t] = (float) random.nextGaussian();
                    }
                }
                float[] x = new float[length + 3];
                int nearest = random.nextInt(count);
                int twin = random.nextInt(count);
                for (int t = 0; t < length; t++) {
                    x[3 + t] = centroids[nearest][t] + 0.01f * (float) random.nextGaussian();
                }
                if (trial % 2 == 0) {
                    centroids[Math.max(nearest, twin)] = centroids[Math.min(nearest, twin)].clone();
                }
                float[] columns = new float[5 + count * length];
                float[] norms = new float[2 + count];
                for (int c = 0; c < count; c++) {
                    for (int t = 0; t < length; t++) {
                        columns[5 + t * count + c] = centroids[c][t];
                        norms[2 + c] += centroids[c][t] * centroids[c][t];
                    }
                }
                int expected = 0;
                double least = Double.POSITIVE_INFINITY;
                for (int c = 0; c < count; c++) {
                    double distance = 0;
                    for (int t = 0; t < length; t++) {
                        distance += (x[3 + t] - centroids[c][t]) * (double) (x[3 + t] - centroids[c][t]);
                    }
                    if (distance < least) {
                        least = distance;
                        expected = c;
                    }
                }
                String name = count + "x" + length + " trial " + trial;
                int scalar = SCALAR.nearestColumn(x, 3, length, columns, 5, count, norms, 2);
                assertEquals(expected, scalar, name);
                assertEquals(scalar, PANAMA.nearestColumn(x, 3, length, columns, 5, count, norms, 2), name + " panama");
            }
        }
    }
}
