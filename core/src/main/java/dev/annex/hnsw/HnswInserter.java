package dev.annex.hnsw;

import dev.annex.api.HnswSpec;
import dev.annex.score.QueryScorer;
import dev.annex.util.LongHeap;
import dev.annex.util.ScoredNodes;
import dev.annex.vector.HeapVectorStorage;
import dev.annex.vector.Similarity;
import java.util.Arrays;

/**
 * Links new nodes into an {@link HnswGraph} (Malkov &amp; Yashunin, algorithms 1 and 4): find the
 * node's nearest neighbours layer by layer, keep a diverse subset of at most M with the
 * neighbour-selection heuristic, link both ways, and prune neighbours that overflow. A new node
 * starts with at most M links on layer 0 as on the layers above; only back-links fill a layer-0
 * list to its 2·M capacity (as hnswlib does: measured against selecting up to 2·M, it scored 1–2%
 * fewer vectors per query at equal recall, docs/benchmarks.md). Many inserters may run on one
 * graph at once, each on its own thread with its own scratch.
 */
final class HnswInserter {

    /** How many kept neighbours {@link #selectDiverse} scores a candidate against before it checks. */
    private static final int SCORED_TOGETHER = 4;

    private final HnswGraph graph;
    private final HeapVectorStorage vectors;
    private final Similarity similarity;
    private final int efConstruction;
    /** M: the most links a node keeps when it is inserted, on any layer. */
    private final int insertLinks;
    private final long seed;
    private final double levelMultiplier;
    private final HnswSearcher searcher;
    private final long[] sorted;
    private final int[] entries;
    private final int[] selected;
    private final int[] neighbourScratch;
    private final long[] pruneScratch;
    private final int[] pruneSelected;
    private final float[] scores;
    private final int[] keptGroup = new int[SCORED_TOGETHER];
    private final float[] baseVector;
    private final float[] candidateVector;

    HnswInserter(HnswGraph graph, HeapVectorStorage vectors, Similarity similarity, HnswSpec config) {
        this.graph = graph;
        this.vectors = vectors;
        this.similarity = similarity;
        this.efConstruction = config.efConstruction();
        this.insertLinks = config.maxConnections();
        this.seed = config.seed();
        this.levelMultiplier = 1.0 / Math.log(config.maxConnections());
        this.searcher = new HnswSearcher(graph, similarity, vectors);
        int maxConnections0 = graph.maxConnections(0);
        this.sorted = new long[Math.max(efConstruction, maxConnections0 + 1)];
        this.entries = new int[efConstruction];
        this.selected = new int[maxConnections0 + 1];
        this.neighbourScratch = new int[maxConnections0 + 1];
        this.pruneScratch = new long[maxConnections0 + 1];
        this.pruneSelected = new int[maxConnections0 + 1];
        this.scores = new float[QueryScorer.scoreBufferLength(maxConnections0 + 1)];
        this.baseVector = new float[vectors.dimension()];
        this.candidateVector = new float[vectors.dimension()];
    }

    /** The level of {@code node}: geometric with ratio 1/M, drawn from a hash of (seed, node) so it does not depend on thread timing. */
    int levelFor(int node) {
        long z = seed + (node + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        double uniform = ((z >>> 11) + 1) * 0x1.0p-53;
        return Math.min(63, (int) (-Math.log(uniform) * levelMultiplier));
    }

    /**
     * Links {@code node}, whose stored-form vector is {@code vector} and is already in storage.
     * An insert that would install the first entry or raise the top level runs under the
     * graph's entry lock (as hnswlib does), so it links below the very entry it then replaces:
     * no concurrent insert can leave it, or the layers between two levels, unlinked.
     */
    void insert(int node, float[] vector) {
        int level = levelFor(node);
        graph.addNode(node, level);
        if (level > HnswGraph.entryLevelOf(graph.entry())) {
            synchronized (graph.entryLock) {
                long entry = graph.entry();
                if (level > HnswGraph.entryLevelOf(entry)) {
                    if (entry != -1L) {
                        link(node, vector, level, entry);
                    }
                    graph.setEntry(node, level);
                    return;
                }
            }
        }
        link(node, vector, level, graph.entry());
    }

    private void link(int node, float[] vector, int level, long entry) {
        int entryNode = HnswGraph.entryNodeOf(entry);
        int entryLevel = HnswGraph.entryLevelOf(entry);
        searcher.bind(vector);
        entries[0] = entryLevel > level ? searcher.descend(entryNode, entryLevel, level) : entryNode;
        int entryCount = 1;
        int topLayer = Math.min(level, entryLevel);
        int[][] selectedPerLayer = new int[topLayer + 1][];
        for (int layer = topLayer; layer >= 0; layer--) {
            searcher.searchLayer(entries, entryCount, efConstruction, layer, null, null, Integer.MAX_VALUE);
            int found = drainBestFirst(searcher.results, sorted);
            int keep = selectDiverse(node, sorted, found, insertLinks, selected);
            selectedPerLayer[layer] = Arrays.copyOf(selected, keep);
            synchronized (graph.lockFor(node)) {
                graph.setNeighbours(node, layer, selected, keep);
            }
            entryCount = found;
            for (int i = 0; i < found; i++) {
                entries[i] = ScoredNodes.node(sorted[i]);
            }
        }
        // Only now, with every list of the node written, may other nodes point to it.
        for (int layer = topLayer; layer >= 0; layer--) {
            for (int neighbour : selectedPerLayer[layer]) {
                linkBack(neighbour, node, layer);
            }
        }
    }

    /** Adds {@code node} to {@code neighbour}'s list, re-selecting that list with the heuristic when it is full. */
    private void linkBack(int neighbour, int node, int layer) {
        synchronized (graph.lockFor(neighbour)) {
            if (graph.tryAppendNeighbour(neighbour, layer, node)) {
                return;
            }
            int count = graph.neighbours(neighbour, layer, neighbourScratch);
            neighbourScratch[count++] = node;
            scorerOf(neighbour, baseVector).scoreAll(neighbourScratch, count, scores);
            for (int i = 0; i < count; i++) {
                pruneScratch[i] = ScoredNodes.pack(scores[i], neighbourScratch[i]);
            }
            sortBestFirst(pruneScratch, count);
            int keep = selectDiverse(neighbour, pruneScratch, count, graph.maxConnections(layer), pruneSelected);
            graph.setNeighbours(neighbour, layer, pruneSelected, keep);
        }
    }

    /**
     * The neighbour-selection heuristic: walking candidates best first, keep one only if it is
     * closer to {@code base} than to every candidate already kept, up to {@code max}.
     */
    private int selectDiverse(int base, long[] candidatesBestFirst, int count, int max, int[] into) {
        int kept = 0;
        for (int i = 0; i < count && kept < max; i++) {
            int candidate = ScoredNodes.node(candidatesBestFirst[i]);
            if (candidate == base) {
                continue;
            }
            float scoreToBase = ScoredNodes.score(candidatesBestFirst[i]);
            boolean diverse = true;
            QueryScorer scorer = kept > 0 ? scorerOf(candidate, candidateVector) : null;
            // Four kept nodes at a time, nearest to base first: most candidates are rejected by the first few.
            for (int from = 0; from < kept && diverse; from += SCORED_TOGETHER) {
                int group = Math.min(SCORED_TOGETHER, kept - from);
                System.arraycopy(into, from, keptGroup, 0, group);
                scorer.scoreAll(keptGroup, group, scores);
                for (int j = 0; j < group && diverse; j++) {
                    diverse = scores[j] <= scoreToBase;
                }
            }
            if (diverse) {
                into[kept++] = candidate;
            }
        }
        return kept;
    }

    /** A scorer of stored node {@code node} against others, its vector copied into {@code scratch}. */
    private QueryScorer scorerOf(int node, float[] scratch) {
        return QueryScorer.of(similarity, vectors, vectors.copyInto(node, scratch));
    }

    private static int drainBestFirst(LongHeap heap, long[] into) {
        int count = heap.size();
        for (int i = count - 1; i >= 0; i--) {
            into[i] = heap.pop();
        }
        return count;
    }

    private static void sortBestFirst(long[] values, int count) {
        Arrays.sort(values, 0, count);
        for (int i = 0, j = count - 1; i < j; i++, j--) {
            long swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
