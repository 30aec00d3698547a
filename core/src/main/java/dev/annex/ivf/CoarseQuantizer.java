package dev.annex.ivf;

import dev.annex.api.HnswSpec;
import dev.annex.hnsw.HnswIndex;
import dev.annex.quant.Centroids;
import dev.annex.util.Parallel;
import dev.annex.util.LongHeap;
import dev.annex.util.ScoredNodes;
import dev.annex.vector.Similarity;

/**
 * The coarse quantizer of an IVF index: the nlist centroids and the choice of lists for a
 * vector (the nearest centroid, when adding) or a query (the {@code nprobe} best, when
 * searching). Lists are chosen by distance to their centroid, or by inner product for
 * {@link Similarity#DOT}, when adding as when searching, so that a query's best lists hold the
 * vectors that score best against their centroid. Few probes among many lists walk an HNSW graph over the centroids (a
 * wide candidate list keeps the choice nearly exact); otherwise every centroid is scored.
 * Immutable once built; searches pass their own scratch.
 */
final class CoarseQuantizer {

    /** Smallest candidate list when walking the centroid graph. */
    private static final int GRAPH_MIN_EF = 48;

    private final Centroids centroids;
    private final boolean byDistance;
    private final HnswIndex graph;

    CoarseQuantizer(float[][] centroids, Similarity similarity, long seed) {
        this.byDistance = similarity != Similarity.DOT;
        this.centroids = byDistance ? new Centroids(centroids) : Centroids.byInnerProduct(centroids);
        this.graph = new HnswIndex(centroids[0].length, byDistance ? Similarity.L2 : Similarity.DOT,
                new HnswSpec(16, 100, seed, 1));
        graph.addAll(centroids);
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

    /** The list a vector in stored form belongs to; {@code scratch} holds one float per list. */
    int assign(float[] stored, float[] scratch) {
        return centroids.nearest(stored, scratch);
    }

    /** The lists of {@code stored[from..from+count)} ({@code count} at most 4) into {@code lists}; see {@link Centroids#nearestOfFour}. */
    void assignFour(float[][] stored, int from, int count, int[] lists, float[] scratch) {
        centroids.nearestOfFour(stored, from, count, lists, scratch);
    }

    /** The list of every vector of {@code stored}, four at a time on {@code threads} threads. */
    int[] assignAll(float[][] stored, int threads) {
        int[] lists = new int[stored.length];
        Parallel.forRanges(threads, stored.length, (part, from, to) -> {
            float[] scratch = new float[centroids.scratchLength()];
            int[] four = new int[4];
            for (int block = from; block < to; block += 4) {
                int count = Math.min(4, to - block);
                assignFour(stored, block, count, four, scratch);
                System.arraycopy(four, 0, lists, block, count);
            }
        });
        return lists;
    }

    /**
     * Fills {@code probes} (cleared first) with the {@code nprobe} best lists for {@code query} as
     * {@link ScoredNodes}, scored {@code -|q-c|²} or {@code q·c}; {@code scores} holds one float per list.
     */
    void chooseLists(float[] query, int nprobe, LongHeap probes, float[] scores) {
        probes.clear();
        if (nprobe * 8 <= centroids.count()) {
            graph.searchInto(query, Math.max(4 * nprobe, GRAPH_MIN_EF), probes);
            while (probes.size() > nprobe) {
                probes.pop();
            }
            return;
        }
        if (byDistance) {
            float queryNorm = 0;
            for (float component : query) {
                queryNorm += component * component;
            }
            centroids.squareDistances(query, queryNorm, scores);
        } else {
            centroids.innerProducts(query, scores);
        }
        for (int list = 0; list < centroids.count(); list++) {
            probes.pushBounded(ScoredNodes.pack(byDistance ? -scores[list] : scores[list], list), nprobe);
        }
    }

    /** Bytes of the centroids and their graph. */
    long bytesUsed() {
        return (long) centroids.count() * centroids.get(0).length * Float.BYTES + graph.bytesUsed();
    }
}
