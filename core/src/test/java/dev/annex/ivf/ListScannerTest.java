package dev.annex.ivf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.annex.TestData;
import dev.annex.quant.ProductQuantizer;
import dev.annex.util.FixedBitSet;
import dev.annex.util.LongHeap;
import dev.annex.util.ScoredNodes;
import dev.annex.util.TopValues;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The score decompositions of {@link IvfPqIndex}: from one per-query table and one stored float,
 * the scan must reproduce the exact score of the reconstructed vector {@code c + decode(code)}:
 * {@code -|q - x̂|²} for L2, {@code 1 - |q - x̂|²/2} for cosine, {@code q·x̂} for inner product.
 */
class ListScannerTest {

    @Test
    void scoresFromCodesEqualExactScoresOfTheReconstruction() {
        int dimension = 24;
        ProductQuantizer pq = ProductQuantizer.train(TestData.clustered(600, dimension, 8, 81), 6, 8, 4, 1L, 1);
        Random random = new Random(82);
        float[] centroid = new float[dimension];
        float[] residual = new float[dimension];
        float[] query = new float[dimension];
        for (int j = 0; j < dimension; j++) {
            centroid[j] = random.nextFloat() * 2 - 1;
            residual[j] = (float) random.nextGaussian() * 0.2f;
            query[j] = random.nextFloat() * 2 - 1;
        }
        byte[] code = new byte[6];
        pq.encode(residual, code, 0);
        float[] decoded = pq.decode(code, 0, new float[dimension]);
        float correction = 2 * dot(centroid, decoded) + dot(decoded, decoded);
        InvertedList list = new InvertedList(6, false);
        list.append(7, code, 0, correction);
        float[] table = new float[6 * pq.centroids()];
        pq.innerProductTable(query, table);

        float[] reconstructed = new float[dimension];
        float squareDistance = 0;
        for (int j = 0; j < dimension; j++) {
            reconstructed[j] = centroid[j] + decoded[j];
            squareDistance += (query[j] - reconstructed[j]) * (query[j] - reconstructed[j]);
        }
        float queryToCentroid = 0;
        for (int j = 0; j < dimension; j++) {
            queryToCentroid += (query[j] - centroid[j]) * (query[j] - centroid[j]);
        }
        assertEquals(-squareDistance, scan(list, table, queryToCentroid, true, -1f, 0f), 1e-4f);
        assertEquals(1 - squareDistance / 2, scan(list, table, queryToCentroid, true, -0.5f, 1f), 1e-4f);
        assertEquals(dot(query, reconstructed), scan(list, table, dot(query, centroid), false, 0f, 0f), 1e-4f);
    }

    private static float scan(InvertedList list, float[] table, float base, boolean byDistance, float scale, float offset) {
        TopValues best = new TopValues(1);
        ListScanner.scan(list.snapshot(), table, 6, new ListScanner.CodeScore(byDistance, scale, offset), base, null, null, best);
        assertEquals(1, best.size());
        assertEquals(7, ScoredNodes.node(best.get(0)));
        return ScoredNodes.score(best.get(0));
    }

    /**
     * 4-bit codes appended one by one (70 vectors: two full blocks and a partial one) are
     * unpacked by the block scan to the same codes: every score equals the float-table score of
     * the vector's own code within the byte table's rounding ({@code m · step / 2}), filtered and
     * deleted vectors are skipped, and the scan counts only the vectors it scored.
     */
    @Test
    void blockScanOfPackedCodesMatchesTheFloatTable() {
        int dimension = 32;
        int m = 16;
        float[][] data = TestData.clustered(800, dimension, 8, 83);
        ProductQuantizer pq = ProductQuantizer.train(data, m, 4, 4, 1L, 1);
        InvertedList list = new InvertedList(m, true);
        byte[][] codes = new byte[70][m];
        for (int i = 0; i < codes.length; i++) {
            pq.encode(data[i], codes[i], 0);
            list.append(1000 + i, codes[i], 0, 0f);
        }
        float[] table = new float[m * 16];
        FastScanTable quantized = quantizedTable(pq, data[400], table);
        float range = 0;
        for (int j = 0; j < m; j++) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < 16; c++) {
                min = Math.min(min, table[16 * j + c]);
                max = Math.max(max, table[16 * j + c]);
            }
            range = Math.max(range, max - min);
        }
        float tolerance = m * range / 255 / 2 + 1e-5f;
        TopValues results = new TopValues(codes.length);
        FixedBitSet deleted = new FixedBitSet(1070);
        deleted.set(1003);
        deleted.set(1069);
        FixedBitSet filter = new FixedBitSet(1070);
        for (int ordinal = 1000; ordinal < 1070; ordinal++) {
            filter.set(ordinal);
        }
        filter.clear(1040);
        int scored = ListScanner.scanBlocks(list.snapshot(), quantized, m, new ListScanner.CodeScore(false, 0f, 0f), 0.5f,
                filter, deleted, results, new short[InvertedList.BLOCK]);
        assertEquals(67, scored);
        assertEquals(67, results.size());
        for (int r = 0; r < results.size(); r++) {
            long top = results.get(r);
            int i = ScoredNodes.node(top) - 1000;
            float expected = 0.5f;
            for (int j = 0; j < m; j++) {
                expected += table[16 * j + codes[i][j]];
            }
            assertEquals(expected, ScoredNodes.score(top), tolerance, "vector " + i);
        }
    }

    /**
     * Skipping entries whose byte-table sum cannot beat the current k-th score loses nothing:
     * over three lists (different bases, corrections spread over [-2, 2]) a scan keeping 5
     * returns exactly the best 5 of a scan keeping everything, for inner products and for
     * distances; 600 clustered 32-d vectors (seed 85), PQ8x4fs.
     */
    @Test
    void blockScanThresholdNeverDropsAnEntryOfTheAnswer() {
        int dimension = 32;
        int m = 8;
        float[][] data = TestData.clustered(600, dimension, 8, 85);
        ProductQuantizer pq = ProductQuantizer.train(data, m, 4, 4, 1L, 1);
        Random random = new Random(86);
        InvertedList[] lists = new InvertedList[3];
        byte[] code = new byte[m];
        for (int l = 0; l < lists.length; l++) {
            lists[l] = new InvertedList(m, true);
            for (int i = 0; i < 200; i++) {
                pq.encode(data[200 * l + i], code, 0);
                lists[l].append(200 * l + i, code, 0, random.nextFloat() * 4 - 2);
            }
        }
        FastScanTable quantized = quantizedTable(pq, data[17], new float[m * 16]);
        float[] bases = {3f, 0.5f, 7f};
        for (ListScanner.CodeScore scoring : new ListScanner.CodeScore[] {
            new ListScanner.CodeScore(false, 0f, 0f), new ListScanner.CodeScore(true, -1f, 0f)}) {
            TopValues best = new TopValues(5);
            TopValues all = new TopValues(600);
            for (int l = 0; l < lists.length; l++) {
                ListScanner.scanBlocks(lists[l].snapshot(), quantized, m, scoring, bases[l], null, null, best, new short[32]);
                ListScanner.scanBlocks(lists[l].snapshot(), quantized, m, scoring, bases[l], null, null, all, new short[32]);
            }
            LongHeap pruned = new LongHeap(5);
            best.trimInto(pruned);
            LongHeap everything = new LongHeap(600);
            all.trimInto(everything);
            while (everything.size() > 5) {
                everything.pop();
            }
            assertEquals(5, pruned.size());
            while (!everything.isEmpty()) {
                assertEquals(everything.pop(), pruned.pop(), "by distance: " + scoring.byDistance());
            }
        }
    }

    /** The query's float table into {@code table}, and its byte form. */
    private static FastScanTable quantizedTable(ProductQuantizer pq, float[] query, float[] table) {
        pq.innerProductTable(query, table);
        FastScanTable quantized = new FastScanTable(pq.subspaces());
        quantized.quantize(table, pq.subspaces());
        return quantized;
    }

    private static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
