package dev.annex.quant;

import dev.annex.util.Parallel;
import dev.annex.vector.VectorKernels;
import dev.annex.vector.VectorKernelsProvider;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Seeded k-means under squared Euclidean distance: k distinct training points drawn at random as
 * the first centroids (as FAISS starts), Lloyd iterations with the nearest-centroid search spread
 * over threads, and repair of clusters that end up empty (the cluster of largest squared error
 * is split in two). For a given seed, thread count and input the result is always the same: work
 * is split into fixed ranges and partial sums are combined in range order.
 *
 * <p>Each iteration skips centroids that cannot be nearest, by the triangle inequality on norms
 * ({@link Centroids#nearestOfBlock}): a point
 * lies within {@code r} of some centroid, where {@code r} is its distance to its last centroid
 * plus how far that centroid then moved, so no centroid with a norm outside
 * {@code |p| ± r} can be nearer. Points are taken in order of norm and centroids kept in order
 * of norm, so four points of close norms rule out whole panels of 64 centroids. The assignments are
 * those of the full search up to floating-point rounding.
 *
 * <p>Random points rather than k-means++ seeding: k-means++ favours far-out points, so on data
 * whose norms spread (inner-product embeddings) it spent centroids on the rim, and the lists
 * those centroids led were chosen by queries that wanted other lists. Drawn by density instead,
 * the inverted lists of synthetic-mips reached recall 0.97 at nprobe 2 where they had reached
 * 0.90, and their ceiling rose from 0.995 to 0.999 (docs/benchmarks.md).
 */
public final class KMeans {

    private static final VectorKernels KERNELS = VectorKernelsProvider.kernels();

    /**
     * What training produced.
     *
     * @param centroids k centroids, in order of norm, least first
     * @param losses    after each iteration, the sum over points of the squared distance to their centroid
     */
    public record Result(float[][] centroids, double[] losses) {
    }

    private KMeans() {
    }

    /** Clusters {@code points} into {@code k} groups with {@code iterations} Lloyd iterations. */
    public static Result train(float[][] points, int k, int iterations, long seed, int threads) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be > 0, got " + k);
        }
        if (points.length < k) {
            throw new IllegalArgumentException("k-means needs at least k=" + k + " training points, got " + points.length);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        SplittableRandom random = new SplittableRandom(seed);
        // A worker per 256 points at most: beyond that, starting threads costs more than it saves.
        int workers = Math.max(1, Math.min(threads, points.length / 256));
        try (ExecutorService executor = workers > 1 ? Executors.newFixedThreadPool(workers) : null) {
            return lloyd(points, initialise(points, k, random), iterations, random, executor, workers);
        }
    }

    /** {@code iterations} Lloyd iterations from {@code start}, each spread over {@code workers} ranges. */
    private static Result lloyd(float[][] points, float[][] start, int iterations, SplittableRandom random, ExecutorService executor,
            int workers) {
        int k = start.length;
        int n = points.length;
        int dimension = points[0].length;
        Centroids.NormOrder inOrder = Centroids.NormOrder.of(points, workers);
        float[][] ordered = inOrder.vectors();
        float[] norms = inOrder.norms();
        // reach[i]: a distance within which point i is known to have a centroid, from the second iteration on.
        float[] reach = new float[n];
        int[] assigned = new int[n];
        float[] distances = new float[n];
        float[][] centroids = Centroids.NormOrder.of(start, 1).vectors();
        double[] losses = new double[iterations];
        for (int iteration = 0; iteration < iterations; iteration++) {
            Centroids current = new Centroids(centroids);
            boolean firstIteration = iteration == 0;
            double[][][] partialSums = new double[workers][][];
            int[][] partialCounts = new int[workers][];
            double[][] partialClusterLosses = new double[workers][];
            Parallel.forRanges(executor, workers, n, (part, from, to) -> {
                double[][] sums = new double[k][dimension];
                int[] counts = new int[k];
                double[] clusterLosses = new double[k];
                float[] scratch = new float[Centroids.blockScratchLength()];
                int[] nearest = new int[Centroids.POINT_BLOCK];
                for (int block = from; block < to; block += Centroids.POINT_BLOCK) {
                    int count = Math.min(Centroids.POINT_BLOCK, to - block);
                    current.nearestOfBlock(ordered, block, count, nearest, scratch, norms, firstIteration ? null : reach);
                    for (int i = 0; i < count; i++) {
                        float[] point = ordered[block + i];
                        float distance = KERNELS.squareDistance(point, 0, current.get(nearest[i]), 0, dimension);
                        clusterLosses[nearest[i]] += distance;
                        distances[block + i] = (float) Math.sqrt(distance);
                        assigned[block + i] = nearest[i];
                        counts[nearest[i]]++;
                        double[] sum = sums[nearest[i]];
                        for (int j = 0; j < dimension; j++) {
                            sum[j] += point[j];
                        }
                    }
                }
                partialClusterLosses[part] = clusterLosses;
                partialSums[part] = sums;
                partialCounts[part] = counts;
            });
            double[][] sums = new double[k][dimension];
            int[] counts = new int[k];
            double[] clusterLosses = new double[k];
            for (int part = 0; part < workers; part++) {
                for (int c = 0; c < k; c++) {
                    counts[c] += partialCounts[part][c];
                    clusterLosses[c] += partialClusterLosses[part][c];
                    for (int j = 0; j < dimension; j++) {
                        sums[c][j] += partialSums[part][c][j];
                    }
                }
            }
            losses[iteration] = java.util.Arrays.stream(clusterLosses).sum();
            float[][] next = new float[k][dimension];
            for (int c = 0; c < k; c++) {
                if (counts[c] == 0) {
                    next[c] = centroids[c].clone();
                    continue;
                }
                for (int j = 0; j < dimension; j++) {
                    next[c][j] = (float) (sums[c][j] / counts[c]);
                }
            }
            repairEmpty(next, counts, clusterLosses, random);
            float[] shifts = new float[k];
            for (int c = 0; c < k; c++) {
                shifts[c] = (float) Math.sqrt(KERNELS.squareDistance(next[c], 0, centroids[c], 0, dimension));
            }
            for (int i = 0; i < n; i++) {
                reach[i] = distances[i] + shifts[assigned[i]];
            }
            centroids = Centroids.NormOrder.of(next, 1).vectors();
        }
        return new Result(centroids, losses);
    }

    /** {@code k} distinct points of {@code points}, drawn with {@code random} and copied. */
    private static float[][] initialise(float[][] points, int k, SplittableRandom random) {
        float[][] drawn = subsample(points, k, random);
        float[][] centroids = new float[k][];
        for (int c = 0; c < k; c++) {
            centroids[c] = drawn[c].clone();
        }
        return centroids;
    }

    /** At most {@code limit} of {@code points}, drawn without replacement (a partial Fisher-Yates shuffle). */
    public static float[][] subsample(float[][] points, int limit, SplittableRandom random) {
        if (points.length <= limit) {
            return points;
        }
        int[] order = new int[points.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        float[][] chosen = new float[limit][];
        for (int i = 0; i < limit; i++) {
            int j = i + random.nextInt(order.length - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
            chosen[i] = points[order[i]];
        }
        return chosen;
    }

    /**
     * Gives every empty cluster half of the one with the largest squared error: both centres move
     * apart by a small seeded offset. A cluster of identical points has no error and is never
     * split (its halves would stay one cluster); the points that lie far from their centroid are.
     */
    private static void repairEmpty(float[][] centroids, int[] counts, double[] clusterLosses, SplittableRandom random) {
        for (int c = 0; c < centroids.length; c++) {
            if (counts[c] != 0) {
                continue;
            }
            int largest = 0;
            for (int other = 1; other < counts.length; other++) {
                if (clusterLosses[other] > clusterLosses[largest]) {
                    largest = other;
                }
            }
            float[] source = centroids[largest];
            float[] split = new float[source.length];
            for (int j = 0; j < source.length; j++) {
                float offset = (float) ((random.nextDouble() - 0.5) * 1e-3 * (Math.abs(source[j]) + 1e-6));
                split[j] = source[j] + offset;
                source[j] -= offset;
            }
            centroids[c] = split;
            counts[c] = counts[largest] / 2;
            counts[largest] -= counts[c];
            clusterLosses[c] = clusterLosses[largest] / 2;
            clusterLosses[largest] -= clusterLosses[c];
        }
    }

}
