package dev.annex.bench;

import dev.annex.api.ExactSearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.exact.ExactIndex;
import dev.annex.vector.Similarity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Base vectors, queries and the exact neighbours of each query, best first.
 *
 * @param name        dataset name, as in file names and CSV rows
 * @param similarity  how the ground truth was ranked
 * @param base        the vectors to index
 * @param queries     the query vectors
 * @param groundTruth for each query, ordinals into {@code base} of its exact nearest neighbours, best first
 */
public record Dataset(String name, Similarity similarity, float[][] base, float[][] queries, int[][] groundTruth) {

    /** Neighbours per query computed when ground truth is missing. */
    static final int GROUND_TRUTH_DEPTH = 100;

    public Dataset {
        if (base.length == 0 || queries.length == 0) {
            throw new BenchmarkException(name + ": needs at least one base vector and one query");
        }
        checkDimensions(name, base, queries);
        if (groundTruth.length < queries.length) {
            throw new BenchmarkException(name + ": ground truth covers " + groundTruth.length + " queries, there are " + queries.length);
        }
    }

    /** Components per vector. */
    public int dimension() {
        return base[0].length;
    }

    /** This dataset with only its first {@code count} queries. */
    public Dataset withQueries(int count) {
        if (count >= queries.length) {
            return this;
        }
        return new Dataset(name, similarity, base, java.util.Arrays.copyOf(queries, count),
                java.util.Arrays.copyOf(groundTruth, count));
    }

    /** Checks that every query has at least {@code k} true neighbours. */
    public void requireDepth(int k) {
        for (int q = 0; q < queries.length; q++) {
            if (groundTruth[q].length < k) {
                throw new BenchmarkException(name + ": ground truth of query " + q + " lists " + groundTruth[q].length
                        + " neighbours, fewer than k=" + k);
            }
        }
    }

    /**
     * Loads {@code DIR/NAME/NAME_base.fvecs}, {@code NAME_query.fvecs} and
     * {@code NAME_groundtruth.ivecs}; the ground truth is computed exactly and written there when absent.
     */
    public static Dataset loadTexmex(Path dataDir, String name, Similarity similarity, int threads) throws IOException {
        Path dir = dataDir.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new BenchmarkException("no dataset directory " + dir);
        }
        float[][] base = TexmexFiles.readFvecs(dir.resolve(name + "_base.fvecs"));
        float[][] queries = TexmexFiles.readFvecs(dir.resolve(name + "_query.fvecs"));
        Path truthFile = dir.resolve(name + "_groundtruth.ivecs");
        int[][] truth;
        if (Files.exists(truthFile)) {
            truth = TexmexFiles.readIvecs(truthFile);
        } else {
            checkDimensions(name, base, queries);
            truth = exactNeighbours(base, queries, similarity, GROUND_TRUTH_DEPTH, threads);
            TexmexFiles.writeIvecs(truthFile, truth);
        }
        return new Dataset(name, similarity, base, queries, truth);
    }

    /** The similarity a dataset name implies: {@code -euclidean}/{@code -l2}, {@code -ip}/{@code -dot}, {@code -angular}/{@code -cosine}. */
    public static Similarity similarityFromName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith("-euclidean") || lower.endsWith("-l2")) {
            return Similarity.L2;
        }
        if (lower.endsWith("-ip") || lower.endsWith("-dot")) {
            return Similarity.DOT;
        }
        if (lower.endsWith("-angular") || lower.endsWith("-cosine")) {
            return Similarity.COSINE;
        }
        throw new BenchmarkException("cannot tell the metric of dataset '" + name + "' from its name; pass --metric l2|ip|cosine");
    }

    /**
     * A seeded Gaussian mixture: {@code n} base vectors and {@code queryCount} queries from the
     * same {@code clusters} centres in {@code [-1,1]^dimension}, spread 0.15; with
     * {@link Similarity#DOT} the base norms are then spread log-uniformly over 10x, as item
     * popularity spreads two-tower embeddings.
     */
    public static Dataset synthetic(int n, int queryCount, int dimension, Similarity similarity, long seed, int threads) {
        Random random = new Random(seed);
        float[][] centres = new float[Math.max(1, n / 500)][dimension];
        for (float[] centre : centres) {
            for (int j = 0; j < dimension; j++) {
                centre[j] = random.nextFloat() * 2 - 1;
            }
        }
        float[][] base = sample(n, centres, random);
        float[][] queries = sample(queryCount, centres, random);
        if (similarity == Similarity.DOT) {
            for (float[] vector : base) {
                double norm = Math.sqrt(dot(vector, vector));
                float scale = (float) (Math.pow(10, random.nextDouble()) / norm);
                for (int j = 0; j < dimension; j++) {
                    vector[j] *= scale;
                }
            }
        }
        String name = "synthetic-" + n / 1000 + "k-" + dimension + "-" + switch (similarity) {
            case L2 -> "l2";
            case DOT -> "ip";
            case COSINE -> "cosine";
        };
        return new Dataset(name, similarity, base, queries, exactNeighbours(base, queries, similarity, GROUND_TRUTH_DEPTH, threads));
    }

    private static float[][] sample(int count, float[][] centres, Random random) {
        int dimension = centres[0].length;
        float[][] points = new float[count][dimension];
        for (float[] point : points) {
            float[] centre = centres[random.nextInt(centres.length)];
            for (int j = 0; j < dimension; j++) {
                point[j] = centre[j] + (float) random.nextGaussian() * 0.15f;
            }
        }
        return points;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void checkDimensions(String name, float[][] base, float[][] queries) {
        if (base.length > 0 && queries.length > 0 && base[0].length != queries[0].length) {
            throw new BenchmarkException(name + ": base vectors have dimension " + base[0].length
                    + " but queries have " + queries[0].length);
        }
    }

    /** Exact top-{@code depth} neighbours of every query, by the multi-threaded exact index. */
    static int[][] exactNeighbours(float[][] base, float[][] queries, Similarity similarity, int depth, int threads) {
        try (ExactIndex exact = new ExactIndex(base[0].length, similarity, threads)) {
            for (float[] vector : base) {
                exact.add(vector);
            }
            SearchResults[] results = exact.searchBatch(queries, Math.min(depth, base.length), ExactSearchParameters.ALL);
            int[][] truth = new int[queries.length][];
            for (int q = 0; q < queries.length; q++) {
                truth[q] = results[q].ordinals();
            }
            return truth;
        }
    }
}
