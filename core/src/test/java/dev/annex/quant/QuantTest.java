package dev.annex.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.TestData;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuantTest {

    /** 4,000 points of a 20-centre mixture in 16-d (seed 61), k=20, 8 iterations. */
    @Test
    void kMeansLossNeverRisesAndBeatsRandomAssignment() {
        float[][] points = TestData.clustered(4_000, 16, 20, 61);
        KMeans.Result result = KMeans.train(points, 20, 8, 7L, 2);
        double[] losses = result.losses();
        for (int i = 1; i < losses.length; i++) {
            assertTrue(losses[i] <= losses[i - 1] * (1 + 1e-6), "loss rose at iteration " + i + ": " + losses[i - 1] + " -> " + losses[i]);
        }
        Random random = new Random(62);
        double randomLoss = 0;
        for (float[] point : points) {
            float[] centroid = result.centroids()[random.nextInt(20)];
            for (int j = 0; j < point.length; j++) {
                randomLoss += (point[j] - centroid[j]) * (point[j] - centroid[j]);
            }
        }
        assertTrue(losses[losses.length - 1] < randomLoss / 10, "k-means loss " + losses[losses.length - 1] + " vs random " + randomLoss);
    }

    private static double squared(float[] a, float[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += (double) (a[j] - b[j]) * (a[j] - b[j]);
        }
        return sum;
    }

    /**
     * Blocks of points and single points find the brute-force nearest centroid, for long vectors
     * and short ones (the single-point column kernel), full and short blocks, block sizes not a
     * multiple of 4, k spanning a full and a padded panel, and centroids repeated in the second
     * panel (the first index wins a tie).
     */
    @Test
    void nearestCentroidMatchesBruteForceForLongAndShortVectors() {
        for (int dimension : new int[] {6, 37}) {
            float[][] points = TestData.clustered(403, dimension, 9, 64);
            float[][] rows = java.util.Arrays.copyOf(TestData.clustered(200, dimension, 9, 65), 87);
            // Exact ties across panels: the lower index must win, as in the brute force below.
            rows[70] = rows[5].clone();
            rows[64] = rows[0].clone();
            Centroids centroids = new Centroids(rows);
            float[] scratch = new float[Centroids.blockScratchLength()];
            int[] block = new int[Centroids.POINT_BLOCK];
            int step = dimension == 6 ? Centroids.POINT_BLOCK : 7;
            for (int from = 0; from < points.length; from += step) {
                int count = Math.min(step, points.length - from);
                centroids.nearestOfBlock(points, from, count, block, scratch, null, null);
                for (int i = 0; i < count; i++) {
                    float[] point = points[from + i];
                    int bruteForce = 0;
                    for (int c = 1; c < rows.length; c++) {
                        bruteForce = squared(point, rows[c]) < squared(point, rows[bruteForce]) ? c : bruteForce;
                    }
                    assertEquals(bruteForce, block[i], "d=" + dimension + " point " + (from + i));
                    assertEquals(bruteForce, centroids.nearest(point, new float[centroids.scoresLength()]), "d=" + dimension);
                }
            }
        }
    }

    /**
     * The norm window: centroids of spread norms (seed 66) in norm order, points of spread norms
     * (seed 67, d=37, blocks of 64 and a short one). With each point's true distance to its
     * nearest centroid as its reach, blocks find the brute-force nearest; with no reach at all
     * (0), panels outside the points' own norms are skipped and some points get a worse centroid,
     * which shows the window is applied; with no reach given, the closest panel's best supplies
     * it. The whole set through nearestOfAll (norm order, two threads) matches too, and
     * inner-product sets find the largest product.
     */
    @Test
    void normWindowSkipsOnlyCentroidsThatCannotBeNearest() {
        int dimension = 37;
        float[][] rows = TestData.spreadNorms(300, dimension, 12, 8f, 66);
        java.util.Arrays.sort(rows, java.util.Comparator.comparingDouble(row -> squared(row, new float[dimension])));
        Centroids centroids = new Centroids(rows);
        float[][] points = TestData.spreadNorms(403, dimension, 12, 8f, 67);
        float[] norms = new float[points.length];
        float[] reaches = new float[points.length];
        int[] bruteForce = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            norms[i] = (float) Math.sqrt(squared(points[i], new float[dimension]));
            for (int c = 1; c < rows.length; c++) {
                bruteForce[i] = squared(points[i], rows[c]) < squared(points[i], rows[bruteForce[i]]) ? c : bruteForce[i];
            }
            reaches[i] = (float) Math.sqrt(squared(points[i], rows[bruteForce[i]]));
        }
        float[] scratch = new float[Centroids.blockScratchLength()];
        int[] block = new int[Centroids.POINT_BLOCK];
        int worse = 0;
        for (int from = 0; from < points.length; from += Centroids.POINT_BLOCK) {
            int count = Math.min(Centroids.POINT_BLOCK, points.length - from);
            centroids.nearestOfBlock(points, from, count, block, scratch, norms, reaches);
            for (int i = 0; i < count; i++) {
                assertEquals(bruteForce[from + i], block[i], "point " + (from + i));
            }
            centroids.nearestOfBlock(points, from, count, block, scratch, norms, null);
            for (int i = 0; i < count; i++) {
                assertEquals(bruteForce[from + i], block[i], "point " + (from + i) + ", reach from the closest panel");
            }
            centroids.nearestOfBlock(points, from, count, block, scratch, norms, new float[points.length]);
            for (int i = 0; i < count; i++) {
                worse += block[i] == bruteForce[from + i] ? 0 : 1;
            }
        }
        assertTrue(worse > 0, "a zero reach should have ruled out some nearest centroids");
        assertArrayEquals(bruteForce, centroids.nearestOfAll(points, 2), "all points, in norm order on two threads");
        Centroids byProduct = Centroids.byInnerProduct(rows);
        int[] largestProduct = byProduct.nearestOfAll(points, 2);
        for (int i = 0; i < points.length; i++) {
            double chosen = dot(points[i], rows[largestProduct[i]]);
            for (float[] row : rows) {
                assertTrue(dot(points[i], row) <= chosen + 1e-5 * Math.abs(chosen), "inner product, point " + i);
            }
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += (double) a[j] * b[j];
        }
        return sum;
    }

    @Test
    void kMeansIsDeterministicForASeedAndThreadCount() {
        float[][] points = TestData.clustered(2_000, 8, 10, 63);
        assertArrayEquals(KMeans.train(points, 10, 5, 3L, 2).centroids(), KMeans.train(points, 10, 5, 3L, 2).centroids());
    }

    /** Ten identical points and two far away, k=3: the first centroids are likely two of the duplicates; repair keeps all clusters in use. */
    @Test
    void emptyClustersAreRepaired() {
        float[][] points = new float[12][];
        for (int i = 0; i < 10; i++) {
            points[i] = new float[] {1, 1};
        }
        points[10] = new float[] {100, 100};
        points[11] = new float[] {101, 100};
        float[][] centroids = KMeans.train(points, 3, 5, 1L, 1).centroids();
        Centroids assigned = new Centroids(centroids);
        boolean[] used = new boolean[3];
        for (float[] point : points) {
            used[assigned.nearest(point, new float[assigned.scoresLength()])] = true;
        }
        for (float[] centroid : centroids) {
            for (float x : centroid) {
                assertTrue(Float.isFinite(x), "centroid component " + x);
            }
        }
        assertTrue(used[0] && used[1] && used[2], "every cluster keeps a point: " + java.util.Arrays.toString(used));
        assertThrows(IllegalArgumentException.class, () -> KMeans.train(points, 13, 5, 1L, 1));
    }

    /**
     * 3,000 clustered 32-d vectors (seed 64), m=8, 8-bit and 4-bit codes: codes stay below K,
     * tables match decoding, and reconstruction beats a random codebook by far.
     */
    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void productQuantizerReconstructsAndTablesMatchDecoding(int bits) {
        int centroids = 1 << bits;
        float[][] vectors = TestData.clustered(3_000, 32, 30, 64);
        ProductQuantizer pq = ProductQuantizer.train(vectors, 8, bits, 6, 5L, 2);
        assertEquals(32 * centroids, pq.codebooks().length);
        assertEquals(bits, pq.bits());
        Random random = new Random(65);
        float[] randomCodebooks = new float[32 * centroids];
        for (int i = 0; i < randomCodebooks.length; i++) {
            randomCodebooks[i] = vectors[random.nextInt(vectors.length)][i % 32] + (float) random.nextGaussian();
        }
        ProductQuantizer randomPq = new ProductQuantizer(32, 8, bits, randomCodebooks);
        double error = 0;
        double randomError = 0;
        byte[] code = new byte[8];
        float[] decoded = new float[32];
        float[] query = vectors[7];
        float[] table = new float[8 * centroids];
        pq.innerProductTable(query, table);
        for (float[] vector : vectors) {
            pq.encode(vector, code, 0);
            pq.decode(code, 0, decoded);
            error += squareDistance(vector, decoded);
            float fromTable = 0;
            for (int j = 0; j < 8; j++) {
                assertTrue((code[j] & 0xFF) < centroids, "code " + code[j] + " with " + bits + " bits");
                fromTable += table[j * centroids + (code[j] & 0xFF)];
            }
            float exact = 0;
            for (int i = 0; i < 32; i++) {
                exact += query[i] * decoded[i];
            }
            assertEquals(exact, fromTable, 1e-3f * (1 + Math.abs(exact)));
            randomPq.encode(vector, code, 0);
            randomError += squareDistance(vector, randomPq.decode(code, 0, decoded));
        }
        assertTrue(error < randomError / 4, "PQ error " + error + " vs random codebook " + randomError);
    }

    @Test
    void badShapesNameBothNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProductQuantizer.train(TestData.clustered(300, 10, 3, 1), 3, 8, 2, 1L, 1));
        assertTrue(e.getMessage().contains("m=3") && e.getMessage().contains("d=10"), e.getMessage());
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> ProductQuantizer.train(TestData.clustered(100, 8, 3, 1), 2, 8, 2, 1L, 1));
        assertTrue(few.getMessage().contains("256"), few.getMessage());
        IllegalArgumentException bits = assertThrows(IllegalArgumentException.class,
                () -> ProductQuantizer.train(TestData.clustered(300, 8, 3, 1), 2, 6, 2, 1L, 1));
        assertTrue(bits.getMessage().contains("4 or 8 bits, got 6"), bits.getMessage());
    }

    private static double squareDistance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return sum;
    }
}
