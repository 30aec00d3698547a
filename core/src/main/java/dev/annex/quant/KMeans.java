package dev.annex.quant;

import dev.annex.util.Parallel;
import dev.annex.vector.VectorKernels;
import dev.annex.vector.VectorKernelsProvider;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Seeded k-means under squared Euclidean distance: k-means++ initialisation (drawn from a seeded
 * subsample of at most {@value #INIT_POINTS_PER_CENTROID}·k points, which costs a fraction of
 * seeding from all points and gives the same quality of start), Lloyd iterations
 * with the nearest-centroid search spread over threads, and repair of clusters that end up
 * empty (the largest cluster is split in two). For a given seed, thread count and input the
 * result is always the same: work is split into fixed ranges and partial sums are combined in
 * range order.
 *
 * <p>A k-means++ step re-scores only the points the new centre might be nearer to: by the
 * triangle inequality, a point whose nearest centre lies more than twice the point's distance
 * from the new centre keeps that nearest centre, so the step skips it without reading it.
 */
public final class KMeans {

    private static final VectorKernels KERNELS = VectorKernelsProvider.kernels();
    /** k-means++ draws its centres from at most this many points per centroid. */
    static final int INIT_POINTS_PER_CENTROID = 8;
    /**
     * A k-means++ step skips a point when the new centre's squared distance to the point's nearest
     * centre exceeds this multiple of the point's squared distance to that centre: 4 is the
     * triangle inequality's bound, the rest a margin for float rounding.
     */
    static final double SEEDING_SKIP_FACTOR = 4.04;

    /**
     * What training produced.
     *
     * @param centroids k centroids
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
        int dimension = points[0].length;
        // A worker per 256 points at most: beyond that, starting threads costs more than it saves.
        int workers = Math.max(1, Math.min(threads, points.length / 256));
        try (ExecutorService executor = workers > 1 ? Executors.newFixedThreadPool(workers) : null) {
            return lloyd(points, initialise(points, k, random, executor, workers, SEEDING_SKIP_FACTOR), iterations, random, executor, workers);
        }
    }

    /** {@code iterations} Lloyd iterations from {@code start}, each spread over {@code workers} ranges. */
    private static Result lloyd(float[][] points, float[][] start, int iterations, SplittableRandom random, ExecutorService executor,
            int workers) {
        int k = start.length;
        int dimension = points[0].length;
        float[][] centroids = start;
        double[] losses = new double[iterations];
        for (int iteration = 0; iteration < iterations; iteration++) {
            Centroids current = new Centroids(centroids);
            double[] partialLosses = new double[workers];
            double[][][] partialSums = new double[workers][][];
            int[][] partialCounts = new int[workers][];
            Parallel.forRanges(executor, workers, points.length, (part, from, to) -> {
                double[][] sums = new double[k][dimension];
                int[] counts = new int[k];
                double loss = 0;
                float[] scratch = new float[Centroids.blockScratchLength()];
                int[] nearest = new int[Centroids.POINT_BLOCK];
                for (int block = from; block < to; block += Centroids.POINT_BLOCK) {
                    int count = Math.min(Centroids.POINT_BLOCK, to - block);
                    current.nearestOfBlock(points, block, count, nearest, scratch);
                    for (int i = 0; i < count; i++) {
                        float[] point = points[block + i];
                        loss += KERNELS.squareDistance(point, 0, current.get(nearest[i]), 0, dimension);
                        counts[nearest[i]]++;
                        double[] sum = sums[nearest[i]];
                        for (int j = 0; j < dimension; j++) {
                            sum[j] += point[j];
                        }
                    }
                }
                partialLosses[part] = loss;
                partialSums[part] = sums;
                partialCounts[part] = counts;
            });
            double[][] sums = new double[k][dimension];
            int[] counts = new int[k];
            double loss = 0;
            for (int part = 0; part < workers; part++) {
                loss += partialLosses[part];
                for (int c = 0; c < k; c++) {
                    counts[c] += partialCounts[part][c];
                    for (int j = 0; j < dimension; j++) {
                        sums[c][j] += partialSums[part][c][j];
                    }
                }
            }
            losses[iteration] = loss;
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
            repairEmpty(next, counts, random);
            centroids = next;
        }
        return new Result(centroids, losses);
    }

    /**
     * k-means++: each next centre is drawn with probability proportional to the squared distance to
     * the nearest centre so far. A step skips the points whose nearest centre is more than
     * {@code skipFactor} times their squared distance to it from the new centre (squared);
     * +∞ re-scores every point. {@code executor} may be null when {@code threads} is 1.
     */
    static float[][] initialise(float[][] allPoints, int k, SplittableRandom random, ExecutorService executor, int threads,
            double skipFactor) {
        float[][] points = subsample(allPoints, INIT_POINTS_PER_CENTROID * k, random);
        int dimension = points[0].length;
        float[][] centroids = new float[k][];
        centroids[0] = points[random.nextInt(points.length)].clone();
        double[] nearestSquared = new double[points.length];
        int[] nearestCentre = new int[points.length];
        java.util.Arrays.fill(nearestSquared, Double.POSITIVE_INFINITY);
        float[] gapSquared = new float[k];
        // Each step touches every point once; below about a million multiply-adds, starting threads costs more than it saves.
        int stepThreads = (long) points.length * dimension >= 1 << 20 ? threads : 1;
        for (int c = 1; c < k; c++) {
            int latestIndex = c - 1;
            float[] latest = centroids[latestIndex];
            for (int other = 0; other < latestIndex; other++) {
                gapSquared[other] = KERNELS.squareDistance(latest, 0, centroids[other], 0, dimension);
            }
            Parallel.forRanges(executor, stepThreads, points.length, (part, from, to) -> {
                for (int p = from; p < to; p++) {
                    double nearest = nearestSquared[p];
                    if (nearest != Double.POSITIVE_INFINITY && gapSquared[nearestCentre[p]] > skipFactor * nearest) {
                        continue;
                    }
                    double d = KERNELS.squareDistance(points[p], 0, latest, 0, dimension);
                    if (d < nearest) {
                        nearestSquared[p] = d;
                        nearestCentre[p] = latestIndex;
                    }
                }
            });
            double total = 0;
            for (double d : nearestSquared) {
                total += d;
            }
            int chosen;
            if (total == 0) {
                chosen = random.nextInt(points.length);
            } else {
                double target = random.nextDouble() * total;
                chosen = points.length - 1;
                for (int p = 0; p < points.length; p++) {
                    target -= nearestSquared[p];
                    if (target < 0) {
                        chosen = p;
                        break;
                    }
                }
            }
            centroids[c] = points[chosen].clone();
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

    /** Gives every empty cluster half of the largest one: both centres move apart by a small seeded offset. */
    private static void repairEmpty(float[][] centroids, int[] counts, SplittableRandom random) {
        for (int c = 0; c < centroids.length; c++) {
            if (counts[c] != 0) {
                continue;
            }
            int largest = 0;
            for (int other = 1; other < counts.length; other++) {
                if (counts[other] > counts[largest]) {
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
        }
    }

}
