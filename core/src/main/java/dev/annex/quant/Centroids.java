package dev.annex.quant;

import dev.annex.util.Parallel;
import dev.annex.vector.VectorKernels;
import dev.annex.vector.VectorKernelsProvider;

/**
 * A fixed set of centroids with their squared norms precomputed: what k-means assigns points
 * to while training and what an inverted-file index scores queries against. The nearest
 * centroid is the one at the least squared distance, or, for sets made by
 * {@link #byInnerProduct}, the one with the largest inner product. Immutable.
 */
public final class Centroids {

    /** Most points {@link #nearestOfBlock} takes at once. */
    public static final int POINT_BLOCK = 64;

    private static final VectorKernels KERNELS = VectorKernelsProvider.kernels();

    /**
     * How far a norm window is widened, as a fraction of its upper end: covers the rounding of
     * float norms and distances (relative error near {@code d · 2^-24}).
     */
    private static final float NORM_WINDOW_SLACK = 1e-3f;

    private final float[][] vectors;
    private final boolean innerProduct;
    private final float[] squaredNorms;
    /**
     * The centroids in panels of {@link VectorKernels#PANEL_WIDTH}, component by component
     * (component j of centroid c at {@code (c / 64)·64·d + 64·j + c % 64}), the last panel padded
     * with zeros: the layout {@link VectorKernels#dotProductPanel} reads.
     */
    private final float[] panels;
    /**
     * What the nearest-centroid queries add to {@code -2·p·c} per panel column: {@code |c|²}, or 0
     * {@link #byInnerProduct}; +∞ on padding.
     */
    private final float[] normTerms;
    /** The least and greatest centroid norm {@code |c|} of each panel, for the norm window of {@link #nearestOfBlock}. */
    private final float[] panelLeastNorms;
    private final float[] panelGreatestNorms;

    /** Wraps {@code vectors} (k rows of equal length), which must not change afterwards; nearest is by distance. */
    public Centroids(float[][] vectors) {
        this(vectors, false);
    }

    /** Wraps {@code vectors} as {@link #Centroids(float[][])} does, but nearest is by largest inner product. */
    public static Centroids byInnerProduct(float[][] vectors) {
        return new Centroids(vectors, true);
    }

    private Centroids(float[][] vectors, boolean innerProduct) {
        this.vectors = vectors;
        this.innerProduct = innerProduct;
        this.squaredNorms = new float[vectors.length];
        for (int c = 0; c < vectors.length; c++) {
            squaredNorms[c] = KERNELS.dotProduct(vectors[c], 0, vectors[c], 0, vectors[c].length);
        }
        int dimension = vectors.length == 0 ? 0 : vectors[0].length;
        int width = VectorKernels.PANEL_WIDTH;
        int padded = (vectors.length + width - 1) / width * width;
        panels = new float[padded * dimension];
        normTerms = new float[padded];
        java.util.Arrays.fill(normTerms, Float.POSITIVE_INFINITY);
        for (int c = 0; c < vectors.length; c++) {
            int column = c / width * width * dimension + c % width;
            for (int j = 0; j < dimension; j++) {
                panels[column + width * j] = vectors[c][j];
            }
            normTerms[c] = innerProduct ? 0f : squaredNorms[c];
        }
        panelLeastNorms = new float[padded / width];
        panelGreatestNorms = new float[padded / width];
        java.util.Arrays.fill(panelLeastNorms, Float.POSITIVE_INFINITY);
        for (int c = 0; c < vectors.length; c++) {
            float norm = (float) Math.sqrt(squaredNorms[c]);
            panelLeastNorms[c / width] = Math.min(panelLeastNorms[c / width], norm);
            panelGreatestNorms[c / width] = Math.max(panelGreatestNorms[c / width], norm);
        }
    }

    /** Bytes held: the rows, their panel copy and the norms. */
    public long bytesUsed() {
        long rows = vectors.length == 0 ? 0 : (long) vectors.length * vectors[0].length;
        return (rows + panels.length + squaredNorms.length + normTerms.length + 2L * panelLeastNorms.length) * Float.BYTES;
    }

    /** Number of centroids. */
    public int count() {
        return vectors.length;
    }

    /** Centroid {@code c}; callers must not change it. */
    public float[] get(int c) {
        return vectors[c];
    }

    /** The centroid rows; callers must not change them. */
    public float[][] rows() {
        return vectors;
    }

    /**
     * Index of the centroid nearest to {@code point}, by least {@code |c|² - 2·p·c} (or least
     * {@code -2·p·c} {@link #byInnerProduct}); {@code scratch} holds at least {@link #scoresLength()} floats.
     */
    public int nearest(float[] point, float[] scratch) {
        innerProducts(point, scratch);
        int best = 0;
        float bestScore = Float.POSITIVE_INFINITY;
        for (int c = 0; c < vectors.length; c++) {
            float score = normTerms[c] - 2 * scratch[c];
            if (score < bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    /**
     * The nearest centroid of each of {@code points[from..from+count)} ({@code count} at most
     * {@link #POINT_BLOCK}) into {@code nearest[0..count)}, as {@link #nearest} finds it: four
     * points against a panel of 64 centroids per kernel call, every point of the block against one
     * panel before the next, so that a panel is read from cache once per block rather than once
     * per four points. {@code scratch} holds at least {@link #blockScratchLength()} floats.
     *
     * <p>With {@code norms} given it skips centroids that cannot be nearest (with null
     * {@code norms} it scores every panel): {@code norms[i]} is {@code |points[i]|}, and point
     * {@code i} is known to lie within {@code reaches[i]} of some centroid. A centroid is no nearer to {@code p} than
     * {@code ||p| - |c||}, so for each group of four points a panel is skipped when none of its
     * centroid norms lies within {@code |p| ± reach} of a point of the group. With a null
     * {@code reaches}, the panel of norms closest to the block's is scored first and each point's
     * distance to its best there is its reach. With centroids, and the block's points, ordered by
     * norm, whole panels fall outside. The window is widened by {@value #NORM_WINDOW_SLACK} of its
     * upper end, so float rounding never rules out the nearest.
     *
     * <p>For {@link #byInnerProduct} sets {@code reaches} is not read: {@code p·c <= |p|·|c|}, so
     * panels are scored from the last (the greatest norms, when centroids are in order of norm)
     * to the first, and a panel is skipped for a group whose best products already exceed
     * {@code |p|} times the panel's greatest norm (widened likewise). An exact tie between
     * centroids of two panels goes to the one scored first.
     */
    public void nearestOfBlock(float[][] points, int from, int count, int[] nearest, float[] scratch, float[] norms,
            float[] reaches) {
        int width = VectorKernels.PANEL_WIDTH;
        int bestAt = 4 * width;
        java.util.Arrays.fill(scratch, bestAt, bestAt + count, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(nearest, 0, count, 0);
        if (innerProduct && norms != null) {
            for (int panel = panelLeastNorms.length - 1; panel >= 0; panel--) {
                scorePanel(panel, points, from, count, nearest, scratch, norms, null, 0);
            }
            return;
        }
        int seeded = -1;
        float[] reachArray = reaches;
        int reachOffset = 0;
        if (norms != null && reaches == null) {
            seeded = panelOfNorm(norms[from + count / 2]);
            scorePanel(seeded, points, from, count, nearest, scratch, null, null, 0);
            reachArray = scratch;
            reachOffset = bestAt + POINT_BLOCK - from;
            for (int i = 0; i < count; i++) {
                float[] point = points[from + i];
                scratch[bestAt + POINT_BLOCK + i] = (float) Math.sqrt(KERNELS.squareDistance(point, 0, vectors[nearest[i]], 0, point.length));
            }
        }
        for (int panel = 0; panel < panelLeastNorms.length; panel++) {
            if (panel != seeded) {
                scorePanel(panel, points, from, count, nearest, scratch, norms, reachArray, reachOffset);
            }
        }
    }

    /**
     * Scores {@code panel} against the block's groups of four (when {@code norms} is given, those
     * the norm bounds admit; point {@code i}'s reach at {@code reaches[reachOffset + i]}) and
     * keeps each point's best score and centroid.
     */
    private void scorePanel(int panel, float[][] points, int from, int count, int[] nearest, float[] scratch, float[] norms,
            float[] reaches, int reachOffset) {
        int width = VectorKernels.PANEL_WIDTH;
        int bestAt = 4 * width;
        int first = panel * width;
        int last = from + count - 1;
        int dimension = points[from].length;
        for (int group = 0; group < count; group += 4) {
            int start = from + group;
            int end = Math.min(start + 4, from + count);
            if (norms != null && (innerProduct ? cannotBeatBest(panel, norms, scratch, bestAt - from, start, end)
                    : outsideWindow(panel, norms, reaches, reachOffset, start, end))) {
                continue;
            }
            KERNELS.dotProductPanel(points[start], points[Math.min(start + 1, last)], points[Math.min(start + 2, last)],
                    points[Math.min(start + 3, last)], panels, first * dimension, dimension, scratch);
            for (int p = 0; p < Math.min(4, count - group); p++) {
                float least = KERNELS.leastScoreBelow(scratch, width * p, normTerms, first, scratch[bestAt + group + p]);
                if (least < scratch[bestAt + group + p]) {
                    scratch[bestAt + group + p] = least;
                    int c = 0;
                    while (normTerms[first + c] - 2 * scratch[width * p + c] != least) {
                        c++;
                    }
                    nearest[group + p] = first + c;
                }
            }
        }
    }

    /**
     * Whether no centroid of {@code panel} can score below the best so far
     * ({@code scores[scoreOffset + i]}) of any point {@code i} in {@code [from, to)}, by inner product:
     * no score is below {@code -2·|p|·|c|}.
     */
    private boolean cannotBeatBest(int panel, float[] norms, float[] scores, int scoreOffset, int from, int to) {
        for (int i = from; i < to; i++) {
            float lowest = -2 * norms[i] * panelGreatestNorms[panel] * (1 + NORM_WINDOW_SLACK);
            if (lowest < scores[scoreOffset + i]) {
                return false;
            }
        }
        return true;
    }

    /** The panel whose range of centroid norms lies closest to {@code norm}. */
    private int panelOfNorm(float norm) {
        int closest = 0;
        float closestGap = Float.POSITIVE_INFINITY;
        for (int panel = 0; panel < panelLeastNorms.length; panel++) {
            float gap = Math.max(0f, Math.max(panelLeastNorms[panel] - norm, norm - panelGreatestNorms[panel]));
            if (gap < closestGap) {
                closestGap = gap;
                closest = panel;
            }
        }
        return closest;
    }

    /**
     * Whether every centroid norm of {@code panel} lies outside {@code norms[i] ± reaches[reachOffset + i]}
     * for every {@code i} in {@code [from, to)}.
     */
    private boolean outsideWindow(int panel, float[] norms, float[] reaches, int reachOffset, int from, int to) {
        float least = Float.POSITIVE_INFINITY;
        float greatest = 0f;
        for (int i = from; i < to; i++) {
            least = Math.min(least, norms[i] - reaches[reachOffset + i]);
            greatest = Math.max(greatest, norms[i] + reaches[reachOffset + i]);
        }
        float slack = NORM_WINDOW_SLACK * greatest;
        return panelGreatestNorms[panel] < least - slack || panelLeastNorms[panel] > greatest + slack;
    }

    /**
     * The nearest centroid of every point, a block at a time on {@code threads} threads: the
     * points are taken in order of norm, each block through the bounds of
     * {@link #nearestOfBlock} (reaches
     * found as it finds them).
     */
    public int[] nearestOfAll(float[][] points, int threads) {
        NormOrder ordered = NormOrder.of(points, threads);
        int[] found = new int[points.length];
        Parallel.forRanges(threads, points.length, (part, from, to) -> {
            float[] scratch = new float[blockScratchLength()];
            int[] block = new int[POINT_BLOCK];
            for (int first = from; first < to; first += POINT_BLOCK) {
                int count = Math.min(POINT_BLOCK, to - first);
                nearestOfBlock(ordered.vectors(), first, count, block, scratch, ordered.norms(), null);
                System.arraycopy(block, 0, found, first, count);
            }
        });
        int[] nearest = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            nearest[ordered.positions()[i]] = found[i];
        }
        return nearest;
    }

    /**
     * Vectors sorted by norm and dealt out in turn to {@code parts} contiguous ranges, so each
     * range runs from the least norm to the greatest (ranges of equal work for the norm window)
     * and neighbours within a range have close norms.
     *
     * @param positions for each place, the index of its vector in the input
     * @param vectors   the vectors in that order
     * @param norms     their norms {@code |v|}, in that order
     */
    record NormOrder(int[] positions, float[][] vectors, float[] norms) {

        static NormOrder of(float[][] input, int parts) {
            long[] keys = new long[input.length];
            float[] squaredNorms = new float[input.length];
            for (int i = 0; i < input.length; i++) {
                squaredNorms[i] = KERNELS.dotProduct(input[i], 0, input[i], 0, input[i].length);
                // A non-negative float's bits order as the float does; the index breaks ties.
                keys[i] = (long) Float.floatToIntBits(squaredNorms[i]) << 32 | i;
            }
            java.util.Arrays.sort(keys);
            int[] positions = new int[input.length];
            float[][] vectors = new float[input.length][];
            float[] norms = new float[input.length];
            int next = 0;
            for (int part = 0; part < parts; part++) {
                for (int j = part; j < keys.length; j += parts, next++) {
                    positions[next] = (int) keys[j];
                    vectors[next] = input[positions[next]];
                    norms[next] = (float) Math.sqrt(squaredNorms[positions[next]]);
                }
            }
            return new NormOrder(positions, vectors, norms);
        }
    }

    /**
     * Floats {@link #nearest}, {@link #innerProducts} and {@link #squareDistances} need in their
     * {@code scratch} or {@code into}: a score for every centroid of the padded last panel.
     */
    public int scoresLength() {
        return normTerms.length;
    }

    /** Scratch floats {@link #nearestOfBlock} needs: four points' products with a panel, then each block point's best score and reach. */
    public static int blockScratchLength() {
        return 4 * VectorKernels.PANEL_WIDTH + 2 * POINT_BLOCK;
    }

    /**
     * The inner product of {@code point} with every centroid into {@code into[0..count)}, a panel
     * of 64 at a time; {@code into} holds at least {@link #scoresLength()} floats.
     */
    public void innerProducts(float[] point, float[] into) {
        int dimension = point.length;
        for (int first = 0; first < vectors.length; first += VectorKernels.PANEL_WIDTH) {
            KERNELS.dotProductPanel(point, panels, first * dimension, dimension, into, first);
        }
    }

    /**
     * The squared distance of {@code point}, whose squared norm is {@code pointSquaredNorm}, to every
     * centroid into {@code into[0..count)}; {@code into} holds at least {@link #scoresLength()} floats.
     */
    public void squareDistances(float[] point, float pointSquaredNorm, float[] into) {
        innerProducts(point, into);
        for (int c = 0; c < vectors.length; c++) {
            into[c] = pointSquaredNorm - 2 * into[c] + squaredNorms[c];
        }
    }
}
