package dev.annex.hnsw;

import dev.annex.util.Bits;
import dev.annex.util.FixedBitSet;
import dev.annex.util.LongHeap;
import dev.annex.util.ScoredNodes;
import dev.annex.vector.VectorStorage;
import java.util.function.IntPredicate;

/**
 * Keeps every live node of an {@link HnswGraph} reachable from the entry point on layer 0.
 *
 * <p>Neighbour pruning can strip a node's last in-link (and small M, clustered data or
 * duplicates can cut off whole groups), so a search would never find it, whatever its ef.
 * {@link #repair} finds the live nodes a breadth-first walk from the entry does not reach and,
 * for each, adds a link to it from a reached node: into a spare slot of one of the nearest nodes
 * the graph search finds, else of any reached node; failing that, in place of a neighbour that
 * some other reached node also links to (so it stays reachable); as a last resort in place of the
 * nearest node's last neighbour, which the next pass then checks. The caller excludes concurrent
 * inserts; searches may run meanwhile.
 *
 * <p>Inner-product graphs are the exception: there the unreachable nodes are mostly vectors of
 * small norm that the high-norm hubs outrank in every list, and they are numerous. Linking each
 * from its nearest reached node would hang them all off the hubs that every search expands,
 * doubling the evaluations per query. So each is linked from the node repaired just before it
 * (a chain that searches enter only through its first node, linked as above): every vector is
 * found by an exhaustive walk, and the hubs stay lean.
 */
final class HnswConnectivity {

    private static final int MAX_PASSES = 8;

    private final HnswGraph graph;
    private final VectorStorage vectors;
    private final HnswSearcher searcher;
    private final int ef;
    private final int[] neighbours;
    private final int[] walkNeighbours;
    /** The breadth-first queue, reused by every walk of one repair. */
    private int[] queue = new int[0];
    private FixedBitSet reached;
    /** Per node, how many reached nodes list it on layer 0. */
    private int[] inLinks;
    private int roomCursor;
    private int detourCursor;

    private final boolean chain;

    /** {@code chain}: link each unreachable node from the one repaired before it (inner-product graphs). */
    HnswConnectivity(HnswGraph graph, VectorStorage vectors, HnswSearcher searcher, int ef, boolean chain) {
        this.graph = graph;
        this.chain = chain;
        this.vectors = vectors;
        this.searcher = searcher;
        this.ef = ef;
        this.neighbours = new int[graph.maxConnections(0)];
        this.walkNeighbours = new int[graph.maxConnections(0)];
    }

    /** Links every unreachable live node among the first {@code size}; returns the links added. */
    int repair(int size, Bits deleted) {
        int added = 0;
        float[] vector = new float[vectors.dimension()];
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            reached = reachable(size);
            inLinks = new int[size];
            for (int node = reached.nextSetBit(0); node >= 0; node = reached.nextSetBit(node + 1)) {
                countOutLinks(node, size);
            }
            roomCursor = 0;
            detourCursor = 0;
            int addedThisPass = 0;
            int previous = -1;
            for (int node = 0; node < size; node++) {
                if (reached.get(node) || (deleted != null && deleted.get(node))) {
                    continue;
                }
                if (!chain || previous < 0 || !tryAppend(previous, node)) {
                    linkFromReached(node, vectors.copyInto(node, vector));
                }
                previous = node;
                addedThisPass++;
                markReachableFrom(node, reached, size);
            }
            added += addedThisPass;
            if (addedThisPass == 0) {
                break;
            }
        }
        reached = null;
        inLinks = null;
        return added;
    }

    /** The nodes below {@code size} reachable from the entry on layer 0. */
    FixedBitSet reachable(int size) {
        FixedBitSet result = new FixedBitSet(size);
        long entry = graph.entry();
        if (entry != -1L) {
            markReachableFrom(HnswGraph.entryNodeOf(entry), result, size);
        }
        return result;
    }

    /** Marks what {@code start} reaches; during a repair, also counts the in-links the newly reached nodes add. */
    private void markReachableFrom(int start, FixedBitSet marks, int size) {
        if (marks.get(start)) {
            return;
        }
        if (queue.length < size) {
            queue = new int[size];
        }
        int head = 0;
        int tail = 0;
        marks.set(start);
        queue[tail++] = start;
        while (head < tail) {
            int node = queue[head++];
            if (inLinks != null && marks == reached) {
                countOutLinks(node, size);
            }
            int count = graph.neighbours(node, 0, walkNeighbours);
            for (int i = 0; i < count; i++) {
                int next = walkNeighbours[i];
                if (next < size && !marks.get(next)) {
                    marks.set(next);
                    queue[tail++] = next;
                }
            }
        }
    }

    private void countOutLinks(int node, int size) {
        int count = graph.neighbours(node, 0, neighbours);
        for (int i = 0; i < count; i++) {
            if (neighbours[i] < size) {
                inLinks[neighbours[i]]++;
            }
        }
    }

    private void linkFromReached(int node, float[] vector) {
        long entry = graph.entry();
        searcher.bind(vector);
        int start = searcher.descend(HnswGraph.entryNodeOf(entry), HnswGraph.entryLevelOf(entry), 0);
        searcher.searchLayer(start, ef, 0, null, null, Integer.MAX_VALUE);
        LongHeap found = searcher.results;
        int[] nearest = new int[found.size()];
        for (int i = nearest.length - 1; i >= 0; i--) {
            nearest[i] = ScoredNodes.node(found.pop());
        }
        IntPredicate append = from -> from != node && tryAppend(from, node);
        IntPredicate detour = from -> from != node && replaceWithDetour(from, node);
        // The nearest first; when all are full (typical with duplicates) any reached node will do.
        if (anyOf(nearest, append) || (roomCursor = nextReached(roomCursor, append)) >= 0
                || anyOf(nearest, detour) || (detourCursor = nextReached(detourCursor, detour)) >= 0) {
            return;
        }
        int from = nearest[0] != node ? nearest[0] : HnswGraph.entryNodeOf(entry);
        synchronized (graph.lockFor(from)) {
            int count = graph.neighbours(from, 0, neighbours);
            inLinks[neighbours[count - 1]]--;
            neighbours[count - 1] = node;
            graph.setNeighbours(from, 0, neighbours, count);
        }
        inLinks[node]++;
    }

    private static boolean anyOf(int[] candidates, IntPredicate link) {
        for (int from : candidates) {
            if (link.test(from)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first reached node from {@code cursor} on that {@code link} succeeds for, or -1. A node
     * it failed for stays failed for the rest of the pass (lists only fill up), so the next call
     * resumes where this one stopped.
     */
    private int nextReached(int cursor, IntPredicate link) {
        for (int from = cursor < 0 ? -1 : reached.nextSetBit(cursor); from >= 0; from = reached.nextSetBit(from + 1)) {
            if (link.test(from)) {
                return from;
            }
        }
        return -1;
    }

    private boolean tryAppend(int from, int node) {
        synchronized (graph.lockFor(from)) {
            if (!graph.tryAppendNeighbour(from, 0, node)) {
                return false;
            }
        }
        inLinks[node]++;
        return true;
    }

    /** Replaces a neighbour of {@code from} that another reached node also links to; false when none does. */
    private boolean replaceWithDetour(int from, int node) {
        synchronized (graph.lockFor(from)) {
            int count = graph.neighbours(from, 0, neighbours);
            for (int slot = count - 1; slot >= 0; slot--) {
                int replaced = neighbours[slot];
                if (replaced != node && inLinks[replaced] >= 2) {
                    inLinks[replaced]--;
                    neighbours[slot] = node;
                    graph.setNeighbours(from, 0, neighbours, count);
                    inLinks[node]++;
                    return true;
                }
            }
            return false;
        }
    }
}
