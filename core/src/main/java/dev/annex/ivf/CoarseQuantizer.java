package dev.annex.ivf;

import dev.annex.api.HnswSpec;
import dev.annex.hnsw.HnswIndex;
import dev.annex.quant.Centroids;
import dev.annex.util.LongHeap;
import dev.annex.util.ScoredNodes;
import dev.annex.vector.Similarity;
import dev.annex.vector.VectorKernels;
import dev.annex.vector.VectorKernelsProvider;

/**
 * The coarse quantizer of an IVF index: the nlist centroids and the choice of lists for a
 * vector (the nearest centroid, when adding) or a query (the {@code nprobe} best, when
 * searching). Lists are chosen by distance to their centroid, or by inner product for
 * {@link Similarity#DOT}, when adding as when searching, so that a query's best lists hold the
 * vectors that score best against their centroid.
 *
 * <p>A query's lists come from scoring every centroid, unless the centroids outgrow a core's
 * cache ({@value #CACHED_CENTROID_BYTES} bytes) and the probe is narrow (a candidate list of at
 * most 1/16 of the lists): then an HNSW graph over the centroids is walked, with a candidate list
 * wide enough to keep the choice nearly exact. Measured on 1,024 lists: at 96 dimensions
 * (384 KiB) scoring all was 1.6× faster than the walk at every nprobe; at 784 (3 MiB) the walk
 * was 1.6× faster at nprobe ≤ 8 and slower from 32. Immutable once built; searches pass their
 * own scratch.
 */
final class CoarseQuantizer {

    /** Smallest candidate list when walking the centroid graph. */
    private static final int GRAPH_MIN_EF = 48;
    /** Centroid bytes up to which scoring every centroid stays in cache and beats walking a graph. */
    private static final long CACHED_CENTROID_BYTES = 1L << 20;
    /** The graph is walked only with a candidate list of at most this fraction of the lists. */
    private static final int GRAPH_EF_FRACTION = 16;

    private static final VectorKernels KERNELS = VectorKernelsProvider.kernels();

    private final Centroids centroids;
    private final boolean byDistance;
    /** The centroid graph, or null where it would never be walked. */
    private final HnswIndex graph;

    CoarseQuantizer(float[][] centroids, Similarity similarity, long seed) {
        this.byDistance = similarity != Similarity.DOT;
        this.centroids = byDistance ? new Centroids(centroids) : Centroids.byInnerProduct(centroids);
        long centroidBytes = (long) centroids.length * centroids[0].length * Float.BYTES;
        if (centroidBytes > CACHED_CENTROID_BYTES && GRAPH_MIN_EF * GRAPH_EF_FRACTION <= centroids.length) {
            this.graph = new HnswIndex(centroids[0].length, byDistance ? Similarity.L2 : Similarity.DOT,
                    new HnswSpec(16, 100, seed, 1));
            graph.addAll(centroids);
        } else {
            this.graph = null;
        }
    }

    Centroids centroids() {
        return centroids;
    }

    int nlist() {
        return centroids.count();
    }

    /** Whether list scores are {@code -|q-c|²} (true) or {@code q·c}. */
    boolean byDistance() {
        return byDistance;
    }

    /** The list a vector in stored form belongs to; {@code scratch} holds {@link Centroids#scoresLength()} floats. */
    int assign(float[] stored, float[] scratch) {
        return centroids.nearest(stored, scratch);
    }

    /** The list of every vector of {@code stored}, on {@code threads} threads (see {@link Centroids#nearestOfAll}). */
    int[] assignAll(float[][] stored, int threads) {
        return centroids.nearestOfAll(stored, threads);
    }

    /**
     * Fills {@code probes} (cleared first) with the {@code nprobe} best lists for {@code query} as
     * {@link ScoredNodes}, scored {@code -|q-c|²} or {@code q·c}; {@code scores} holds {@link Centroids#scoresLength()} floats.
     */
    void chooseLists(float[] query, int nprobe, LongHeap probes, float[] scores) {
        probes.clear();
        int ef = Math.max(4 * nprobe, GRAPH_MIN_EF);
        if (graph != null && ef * GRAPH_EF_FRACTION <= centroids.count()) {
            graph.searchInto(query, ef, probes);
            while (probes.size() > nprobe) {
                probes.pop();
            }
            return;
        }
        int count = centroids.count();
        if (byDistance) {
            float queryNorm = 0;
            for (float component : query) {
                queryNorm += component * component;
            }
            centroids.squareDistances(query, queryNorm, scores);
            for (int list = 0; list < count; list++) {
                scores[list] = -scores[list];
            }
        } else {
            centroids.innerProducts(query, scores);
        }
        // Most lists lose to the nprobe kept: the kernel skips them a register at a time. A tie
        // with the worst kept loses to it anyway (the smaller list number wins), so above is enough.
        float worstKept = Float.NEGATIVE_INFINITY;
        for (int list = KERNELS.firstAbove(scores, 0, count, worstKept); list < count;
                list = KERNELS.firstAbove(scores, list + 1, count, worstKept)) {
            if (probes.pushBounded(ScoredNodes.pack(scores[list], list), nprobe) && probes.size() == nprobe) {
                worstKept = ScoredNodes.score(probes.top());
            }
        }
    }

    /** Bytes of the centroids and their graph. */
    long bytesUsed() {
        return centroids.bytesUsed() + (graph == null ? 0 : graph.bytesUsed());
    }
}
