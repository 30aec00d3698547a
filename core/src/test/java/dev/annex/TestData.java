package dev.annex;

import dev.annex.api.SearchResults;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/** Seeded synthetic vectors and recall arithmetic shared by the tests. */
public final class TestData {

    private TestData() {
    }

    /** {@code n} points of a Gaussian mixture with {@code clusters} centres in {@code [-1, 1]^dim}, spread 0.15. */
    public static float[][] clustered(int n, int dim, int clusters, long seed) {
        return clustered(n, dim, clusters, seed, seed);
    }

    /**
     * {@code n} points drawn with {@code pointSeed} from the mixture that {@code mixtureSeed}
     * defines: the same mixture with another point seed gives queries from the data's distribution.
     */
    public static float[][] clustered(int n, int dim, int clusters, long mixtureSeed, long pointSeed) {
        Random centreRandom = new Random(mixtureSeed);
        float[][] centres = new float[clusters][dim];
        for (float[] centre : centres) {
            for (int j = 0; j < dim; j++) {
                centre[j] = centreRandom.nextFloat() * 2 - 1;
            }
        }
        Random random = new Random(pointSeed);
        float[][] points = new float[n][dim];
        for (int i = 0; i < n; i++) {
            float[] centre = centres[random.nextInt(clusters)];
            for (int j = 0; j < dim; j++) {
                points[i][j] = centre[j] + (float) random.nextGaussian() * 0.15f;
            }
        }
        return points;
    }

    /**
     * Two-tower-like items: clustered directions scaled by norms spread log-uniformly over
     * {@code [1, normRange]}, as popularity spreads item norms.
     */
    public static float[][] spreadNorms(int n, int dim, int clusters, float normRange, long seed) {
        float[][] points = clustered(n, dim, clusters, seed);
        Random random = new Random(seed ^ 0x5DEECE66DL);
        for (float[] point : points) {
            double norm = 0;
            for (float x : point) {
                norm += x * x;
            }
            float scale = (float) (Math.pow(normRange, random.nextDouble()) / Math.sqrt(norm));
            for (int j = 0; j < dim; j++) {
                point[j] *= scale;
            }
        }
        return points;
    }

    /**
     * Hard data: {@code clusters} Gaussian centres (spread 1) with points spread 1 around them,
     * so neighbouring clusters overlap, each point scaled by a heavy-tailed (log-normal, sigma
     * 0.75) norm. {@code pointSeed} draws points from the mixture {@code mixtureSeed} defines.
     */
    public static float[][] overlapping(int n, int dim, int clusters, long mixtureSeed, long pointSeed) {
        Random centreRandom = new Random(mixtureSeed);
        float[][] centres = new float[clusters][dim];
        for (float[] centre : centres) {
            for (int j = 0; j < dim; j++) {
                centre[j] = (float) centreRandom.nextGaussian();
            }
        }
        Random random = new Random(pointSeed);
        float[][] points = new float[n][dim];
        for (int i = 0; i < n; i++) {
            float[] centre = centres[random.nextInt(clusters)];
            float scale = (float) Math.exp(random.nextGaussian() * 0.75);
            for (int j = 0; j < dim; j++) {
                points[i][j] = (centre[j] + (float) random.nextGaussian()) * scale;
            }
        }
        return points;
    }

    /** Fraction of {@code truth}'s first {@code k} ordinals that {@code found} contains. */
    public static double recall(SearchResults found, SearchResults truth, int k) {
        Set<Integer> expected = new HashSet<>();
        for (int i = 0; i < Math.min(k, truth.size()); i++) {
            expected.add(truth.ordinal(i));
        }
        if (expected.isEmpty()) {
            return 1.0;
        }
        int hits = 0;
        for (int i = 0; i < found.size(); i++) {
            if (expected.contains(found.ordinal(i))) {
                hits++;
            }
        }
        return (double) hits / expected.size();
    }
}
