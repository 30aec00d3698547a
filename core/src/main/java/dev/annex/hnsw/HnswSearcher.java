package dev.annex.hnsw;

import dev.annex.quant.QuantizedVectors;
import dev.annex.score.NodeScorer;
import dev.annex.score.QueryScorer;
import dev.annex.util.Bits;
import dev.annex.util.LongHeap;
import dev.annex.util.ScoredNodes;
import dev.annex.util.VisitedSet;
import dev.annex.vector.Similarity;
import dev.annex.vector.VectorStorage;

/**
 * Walks an {@link HnswGraph}: greedy descent through the upper layers, then a best-first search
 * of one layer with a bounded result list. Owns all its scratch (scorer, visited set, heaps,
 * entry list), so a search allocates nothing; one thread uses a searcher at a time.
 */
final class HnswSearcher {

    /** Signals that a walk exceeded its evaluation budget; see {@link #searchLayer}. */
    static final int BUDGET_EXCEEDED = -1;

    private final HnswGraph graph;
    private final VisitedSet visited;
    /** Candidates to expand, stored as complemented {@link ScoredNodes} so the best is on top. */
    private final LongHeap candidates = new LongHeap(512);
    /** The best nodes found, worst on top. */
    final LongHeap results = new LongHeap(512);
    /** The best nodes after exact re-scoring, and the candidates re-scored together; see {@link #rerank}. */
    private final LongHeap reranked = new LongHeap(64);
    private int[] rerankNodes = new int[0];
    private float[] rerankScores = new float[0];
    /** The exact scorer of the current query; see {@link #bind}. */
    final QueryScorer scorer;
    /** What walks score with: {@link #scorer} itself, or the int8 codes' scorer of an SQ8 graph. */
    private final NodeScorer walker;
    private final QuantizedVectors.Scorer codes;
    /** Neighbours of the node being expanded, and their scores, scored together. */
    private final int[] batch;
    private final float[] batchScores;
    private final int[] singleEntry = new int[1];
    /** Where the values of {@link HnswGraph#touchRow} go, so the JIT keeps those loads. */
    private int touchedRows;

    /** A searcher that walks on the float vectors. */
    HnswSearcher(HnswGraph graph, Similarity similarity, VectorStorage vectors) {
        this(graph, similarity, vectors, null);
    }

    /** A searcher that walks on {@code codes} when not null, else on the float vectors. */
    HnswSearcher(HnswGraph graph, Similarity similarity, VectorStorage vectors, QuantizedVectors codes) {
        this.graph = graph;
        this.visited = new VisitedSet(graph.capacity());
        this.scorer = QueryScorer.of(similarity, vectors, null);
        this.codes = codes == null ? null : codes.scorer(similarity);
        this.walker = this.codes == null ? scorer : this.codes;
        this.batch = new int[graph.maxConnections(0)];
        this.batchScores = new float[QueryScorer.scoreBufferLength(graph.maxConnections(0))];
    }

    /** Binds {@link #scorer} to {@code storedQuery} for the next walk. */
    HnswSearcher bind(float[] storedQuery) {
        scorer.bind(storedQuery);
        if (codes != null) {
            codes.bind(storedQuery);
        }
        return this;
    }

    /** Vectors scored since {@link #bind}: by the walk, and exactly when the walk was on codes. */
    long evaluations() {
        return walker == scorer ? scorer.evaluations() : walker.evaluations() + scorer.evaluations();
    }

    /**
     * From the entry node at its level, moves greedily to the best-scoring neighbour on each
     * layer down to {@code stopLevel} (exclusive) and returns the node reached.
     */
    int descend(int entryNode, int entryLevel, int stopLevel) {
        int current = entryNode;
        float currentScore = walker.score(current);
        for (int level = entryLevel; level > stopLevel; level--) {
            boolean moved = true;
            while (moved) {
                moved = false;
                int[] row = graph.rowArray(current, level);
                int offset = graph.rowOffset(current, level);
                int count = graph.count(row, offset, level);
                System.arraycopy(row, offset + 1, batch, 0, count);
                walker.scoreAll(batch, count, batchScores);
                for (int i = 0; i < count; i++) {
                    if (batchScores[i] > currentScore) {
                        current = batch[i];
                        currentScore = batchScores[i];
                        moved = true;
                    }
                }
            }
        }
        return current;
    }

    /** {@link #searchLayer} from a single entry node. */
    int searchLayer(int entry, int ef, int level, Bits filter, Bits deleted, int budget) {
        singleEntry[0] = entry;
        return searchLayer(singleEntry, 1, ef, level, filter, deleted, budget);
    }

    /**
     * Best-first search of {@code level} from {@code entries[0..entryCount)}, keeping in
     * {@link #results} the best {@code ef} nodes that {@code filter} admits (null admits all) and
     * {@code deleted} does not hold (null: nothing deleted). Nodes not admitted are still walked
     * through. Returns the number of vectors scored, or {@link #BUDGET_EXCEEDED} once more than
     * {@code budget} have been.
     */
    int searchLayer(int[] entries, int entryCount, int ef, int level, Bits filter, Bits deleted, int budget) {
        int capacity = graph.capacity();
        visited.reset(capacity);
        candidates.clear();
        results.clear();
        int evaluated = 0;
        int touched = 0;
        for (int i = 0; i < entryCount; i++) {
            int entry = entries[i];
            if (visited.visit(entry)) {
                float score = walker.score(entry);
                evaluated++;
                candidates.push(~ScoredNodes.pack(score, entry));
                if (admits(filter, deleted, entry)) {
                    results.pushBounded(ScoredNodes.pack(score, entry), ef);
                }
            }
        }
        float worst = results.size() >= ef ? ScoredNodes.score(results.top()) : Float.NEGATIVE_INFINITY;
        while (!candidates.isEmpty()) {
            long best = ~candidates.pop();
            if (ScoredNodes.score(best) < worst) {
                break;
            }
            int node = ScoredNodes.node(best);
            if (!candidates.isEmpty()) {
                // The next candidate's list is likely the next one read: fetch it while this node's neighbours are scored.
                touched ^= graph.touchRow(ScoredNodes.node(~candidates.top()), level);
            }
            int[] row = graph.rowArray(node, level);
            int offset = graph.rowOffset(node, level);
            int count = graph.count(row, offset, level);
            int fresh = 0;
            for (int i = 1; i <= count; i++) {
                int neighbour = row[offset + i];
                if (neighbour < capacity && visited.visit(neighbour)) {
                    batch[fresh++] = neighbour;
                }
            }
            if (fresh == 0) {
                continue;
            }
            evaluated += fresh;
            if (evaluated > budget) {
                return BUDGET_EXCEEDED;
            }
            walker.scoreAll(batch, fresh, batchScores);
            for (int i = 0; i < fresh; i++) {
                float score = batchScores[i];
                if (score > worst) {
                    int neighbour = batch[i];
                    candidates.push(~ScoredNodes.pack(score, neighbour));
                    if (admits(filter, deleted, neighbour)) {
                        results.pushBounded(ScoredNodes.pack(score, neighbour), ef);
                        if (results.size() >= ef) {
                            worst = ScoredNodes.score(results.top());
                        }
                    }
                }
            }
        }
        touchedRows = touched;
        return evaluated;
    }

    /**
     * Re-scores exactly the best {@code candidates} of {@link #results} (scored on codes) and
     * returns the best {@code k} of them in {@link #reranked}. Empties {@link #results}.
     */
    LongHeap rerank(int candidates, int k) {
        while (results.size() > candidates) {
            results.pop();
        }
        int count = results.size();
        if (rerankNodes.length < count) {
            rerankNodes = new int[count];
            rerankScores = new float[QueryScorer.scoreBufferLength(count)];
        }
        for (int i = 0; i < count; i++) {
            rerankNodes[i] = ScoredNodes.node(results.get(i));
        }
        scorer.scoreAll(rerankNodes, count, rerankScores);
        reranked.clear();
        for (int i = 0; i < count; i++) {
            reranked.pushBounded(ScoredNodes.pack(rerankScores[i], rerankNodes[i]), k);
        }
        results.clear();
        return reranked;
    }

    private static boolean admits(Bits filter, Bits deleted, int node) {
        return (filter == null || filter.get(node)) && (deleted == null || !deleted.get(node));
    }
}
