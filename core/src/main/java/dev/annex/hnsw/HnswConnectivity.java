package dev.annex.hnsw;

import dev.annex.util.Bits;
import dev.annex.util.FixedBitSet;
import dev.annex.util.LongHeap;
import dev.annex.util.ScoredNodes;
import dev.annex.vector.VectorStorage;

/**
 * Keeps every live node of an {@link HnswGraph} reachable from the entry point on layer 0.
 *
 * <p>Neighbour pruning can strip a node's last in-link (and small M or clustered data can cut off
 * whole groups), so a search would never find it, whatever its ef. {@link #repair} finds the
 * live nodes a breadth-first walk from the entry does not reach and, for each, links it from the
 * nearest reached node the graph search finds: into a spare slot when that node has one, else in
 * place of a neighbour that stays reachable through another neighbour of the same node (a
 * two-hop detour), else in place of its last neighbour, which the next pass then checks. The
 * caller excludes concurrent inserts; searches may run meanwhile.
 */
final class HnswConnectivity {

    private static final int MAX_PASSES = 8;

    private final HnswGraph graph;
    private final VectorStorage vectors;
    private final HnswSearcher searcher;
    private final int ef;
    private final int[] neighbours;
    private final int[] otherNeighbours;

    HnswConnectivity(HnswGraph graph, VectorStorage vectors, HnswSearcher searcher, int ef) {
        this.graph = graph;
        this.vectors = vectors;
        this.searcher = searcher;
        this.ef = ef;
        this.neighbours = new int[graph.maxConnections(0)];
        this.otherNeighbours = new int[graph.maxConnections(0)];
    }

    /** Links every unreachable live node among the first {@code size}; returns the links added. */
    int repair(int size, Bits deleted) {
        int added = 0;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            FixedBitSet reached = reachable(size);
            int addedThisPass = 0;
            float[] vector = new float[vectors.dimension()];
            for (int node = 0; node < size; node++) {
                if (reached.get(node) || (deleted != null && deleted.get(node))) {
                    continue;
                }
                linkFromNearestReached(node, vectors.copyInto(node, vector));
                addedThisPass++;
                markReachableFrom(node, reached, size);
            }
            added += addedThisPass;
            if (addedThisPass == 0) {
                return added;
            }
        }
        return added;
    }

    /** The nodes below {@code size} reachable from the entry on layer 0. */
    FixedBitSet reachable(int size) {
        FixedBitSet reached = new FixedBitSet(size);
        long entry = graph.entry();
        if (entry != -1L) {
            markReachableFrom(HnswGraph.entryNodeOf(entry), reached, size);
        }
        return reached;
    }

    private void markReachableFrom(int start, FixedBitSet reached, int size) {
        if (reached.get(start)) {
            return;
        }
        int[] queue = new int[Math.max(1, size - reached.cardinality())];
        int head = 0;
        int tail = 0;
        reached.set(start);
        queue[tail++] = start;
        while (head < tail) {
            int node = queue[head++];
            int count = graph.neighbours(node, 0, neighbours);
            for (int i = 0; i < count; i++) {
                int next = neighbours[i];
                if (next < size && !reached.get(next)) {
                    reached.set(next);
                    queue[tail++] = next;
                }
            }
        }
    }

    private void linkFromNearestReached(int node, float[] vector) {
        long entry = graph.entry();
        searcher.bind(vector);
        int start = searcher.descend(HnswGraph.entryNodeOf(entry), HnswGraph.entryLevelOf(entry), 0);
        searcher.searchLayer(start, ef, 0, null, null, Integer.MAX_VALUE);
        LongHeap found = searcher.results;
        int[] bestFirst = new int[found.size()];
        for (int i = bestFirst.length - 1; i >= 0; i--) {
            bestFirst[i] = ScoredNodes.node(found.pop());
        }
        for (int from : bestFirst) {
            if (from != node) {
                synchronized (graph.lockFor(from)) {
                    if (graph.tryAppendNeighbour(from, 0, node)) {
                        return;
                    }
                }
            }
        }
        int from = bestFirst[0] != node ? bestFirst[0] : HnswGraph.entryNodeOf(entry);
        synchronized (graph.lockFor(from)) {
            int count = graph.neighbours(from, 0, neighbours);
            neighbours[replaceable(from, count)] = node;
            graph.setNeighbours(from, 0, neighbours, count);
        }
    }

    /** The slot of {@code from}'s list whose neighbour another neighbour of {@code from} also links to; else the last. */
    private int replaceable(int from, int count) {
        for (int slot = count - 1; slot >= 0; slot--) {
            int candidate = neighbours[slot];
            for (int other = 0; other < count; other++) {
                if (other != slot && neighbours[other] != candidate && links(neighbours[other], candidate)) {
                    return slot;
                }
            }
        }
        return count - 1;
    }

    private boolean links(int node, int target) {
        int count = graph.neighbours(node, 0, otherNeighbours);
        for (int i = 0; i < count; i++) {
            if (otherNeighbours[i] == target) {
                return true;
            }
        }
        return false;
    }
}
