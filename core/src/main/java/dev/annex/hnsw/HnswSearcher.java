package dev.annex.hnsw;

import dev.annex.score.QueryScorer;
import dev.annex.util.Bits;
import dev.annex.util.LongHeap;
import dev.annex.util.ScoredNodes;
import dev.annex.util.VisitedSet;

/**
 * Walks an {@link HnswGraph}: greedy descent through the upper layers, then a best-first search
 * of one layer with a bounded result list. Owns all its scratch (visited set, heaps), so a
 * search allocates nothing; one thread uses a searcher at a time.
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
    /** Neighbours of the node being expanded, and their scores, scored together. */
    private final int[] batch;
    private final float[] batchScores;

    HnswSearcher(HnswGraph graph) {
        this.graph = graph;
        this.visited = new VisitedSet(graph.capacity());
        this.batch = new int[graph.maxConnections(0)];
        this.batchScores = new float[QueryScorer.scoreBufferLength(graph.maxConnections(0))];
    }

    /**
     * From the entry node at its level, moves greedily to the best-scoring neighbour on each
     * layer down to {@code stopLevel} (exclusive) and returns the node reached.
     */
    int descend(QueryScorer scorer, int entryNode, int entryLevel, int stopLevel) {
        int current = entryNode;
        float currentScore = scorer.score(current);
        for (int level = entryLevel; level > stopLevel; level--) {
            boolean moved = true;
            while (moved) {
                moved = false;
                int[] row = graph.rowArray(current, level);
                int offset = graph.rowOffset(current, level);
                int count = Math.min(row[offset], graph.maxConnections(level));
                System.arraycopy(row, offset + 1, batch, 0, count);
                scorer.scoreAll(batch, count, batchScores);
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

    /**
     * Best-first search of {@code level} from {@code entries[0..entryCount)}, keeping in
     * {@link #results} the best {@code ef} nodes that {@code accept} admits (null admits all).
     * Nodes not admitted are still walked through. Returns the number of vectors scored, or
     * {@link #BUDGET_EXCEEDED} once more than {@code budget} have been.
     */
    int searchLayer(QueryScorer scorer, int[] entries, int entryCount, int ef, int level, Bits accept, int budget) {
        int capacity = graph.capacity();
        visited.reset(capacity);
        candidates.clear();
        results.clear();
        int evaluated = 0;
        for (int i = 0; i < entryCount; i++) {
            int entry = entries[i];
            if (visited.visit(entry)) {
                float score = scorer.score(entry);
                evaluated++;
                candidates.push(~ScoredNodes.pack(score, entry));
                if (accept == null || accept.get(entry)) {
                    results.pushBounded(ScoredNodes.pack(score, entry), ef);
                }
            }
        }
        int maxConnections = graph.maxConnections(level);
        float worst = results.size() >= ef ? ScoredNodes.score(results.top()) : Float.NEGATIVE_INFINITY;
        while (!candidates.isEmpty()) {
            long best = ~candidates.pop();
            if (ScoredNodes.score(best) < worst) {
                break;
            }
            int node = ScoredNodes.node(best);
            int[] row = graph.rowArray(node, level);
            int offset = graph.rowOffset(node, level);
            int count = Math.min(row[offset], maxConnections);
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
            scorer.scoreAll(batch, fresh, batchScores);
            for (int i = 0; i < fresh; i++) {
                float score = batchScores[i];
                if (score > worst) {
                    int neighbour = batch[i];
                    candidates.push(~ScoredNodes.pack(score, neighbour));
                    if (accept == null || accept.get(neighbour)) {
                        results.pushBounded(ScoredNodes.pack(score, neighbour), ef);
                        if (results.size() >= ef) {
                            worst = ScoredNodes.score(results.top());
                        }
                    }
                }
            }
        }
        return evaluated;
    }
}
