package dev.annex.ivf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.annex.TestData;
import dev.annex.quant.ProductQuantizer;
import dev.annex.util.LongHeap;
import dev.annex.util.ScoredNodes;
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
        ProductQuantizer pq = ProductQuantizer.train(TestData.clustered(600, dimension, 8, 81), 6, 4, 1L, 1);
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
        InvertedList list = new InvertedList(6);
        list.append(7, code, 0, correction);
        float[] table = new float[6 * ProductQuantizer.CENTROIDS];
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
        LongHeap results = new LongHeap(1);
        ListScanner.scan(list.snapshot(), table, 6, base, byDistance, scale, offset, null, null, 1, results);
        assertEquals(7, ScoredNodes.node(results.top()));
        return ScoredNodes.score(results.top());
    }

    private static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
