package dev.annex.hnsw;

import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The layered neighbour lists of an HNSW index.
 *
 * <p>Layer 0 holds every node with up to {@code 2M} neighbours; a node's list is one row of
 * {@code 1 + 2M} ints (count, then neighbours) inside fixed-size chunks, so growing never copies
 * lists and a node's row is contiguous in memory. Upper layers, which hold few nodes, keep one
 * {@code int[]} per node with a row of {@code 1 + M} ints per level above 0.
 *
 * <p>Concurrency: writers change a node's lists only while holding {@link #lockFor(int)}.
 * Readers take no lock: they read the count, then that many entries, and may see a list
 * mid-update (old and new neighbours mixed), which is harmless for search because every entry
 * ever written is a node that was complete before it was linked.
 */
final class HnswGraph {

    static final int NODES_PER_CHUNK_LOG2 = 12;
    static final int NODES_PER_CHUNK = 1 << NODES_PER_CHUNK_LOG2;
    private static final int CHUNK_MASK = NODES_PER_CHUNK - 1;
    private static final int LOCK_STRIPES = 1024;

    private final int maxConnections;
    private final int maxConnections0;
    private final int layer0Stride;
    private final int upperStride;
    private final Object[] locks = new Object[LOCK_STRIPES];
    private volatile int[][] layer0 = new int[0][];
    private volatile int[][][] upper = new int[0][][];
    private volatile byte[][] levels = new byte[0][];
    /** Entry node in the low 32 bits, its level in the high 32; -1 while the graph is empty. */
    private volatile long entry = -1L;

    /** An empty graph with at most {@code maxConnections} neighbours per upper-layer node and twice that on layer 0. */
    public HnswGraph(int maxConnections) {
        this.maxConnections = maxConnections;
        this.maxConnections0 = 2 * maxConnections;
        this.layer0Stride = 1 + maxConnections0;
        this.upperStride = 1 + maxConnections;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** M: the neighbour limit on layers above 0. */
    public int maxConnections() {
        return maxConnections;
    }

    /** The neighbour limit on {@code level}. */
    public int maxConnections(int level) {
        return level == 0 ? maxConnections0 : maxConnections;
    }

    /** The lock a writer holds while changing {@code node}'s lists. */
    Object lockFor(int node) {
        return locks[node & (LOCK_STRIPES - 1)];
    }

    /** Makes room for {@code node} at {@code level} (0-based) with empty lists; called once per node before it is linked. */
    void addNode(int node, int level) {
        int chunk = node >>> NODES_PER_CHUNK_LOG2;
        if (chunk >= layer0.length) {
            grow(chunk);
        }
        levels[chunk][node & CHUNK_MASK] = (byte) level;
        if (level > 0) {
            upper[chunk][node & CHUNK_MASK] = new int[level * upperStride];
        }
    }

    private synchronized void grow(int chunk) {
        int have = layer0.length;
        if (chunk < have) {
            return;
        }
        int want = chunk + 1;
        int[][] newLayer0 = Arrays.copyOf(layer0, want);
        int[][][] newUpper = Arrays.copyOf(upper, want);
        byte[][] newLevels = Arrays.copyOf(levels, want);
        for (int i = have; i < want; i++) {
            newLayer0[i] = new int[NODES_PER_CHUNK * layer0Stride];
            newUpper[i] = new int[NODES_PER_CHUNK][];
            newLevels[i] = new byte[NODES_PER_CHUNK];
        }
        upper = newUpper;
        levels = newLevels;
        layer0 = newLayer0;
    }

    /** Number of node slots allocated; every node id ever linked is below it. */
    public int capacity() {
        return layer0.length << NODES_PER_CHUNK_LOG2;
    }

    /** The top level of {@code node}. */
    public int level(int node) {
        return levels[node >>> NODES_PER_CHUNK_LOG2][node & CHUNK_MASK];
    }

    /** The array holding {@code node}'s list on {@code level}; {@link #rowOffset} says where in it. */
    int[] rowArray(int node, int level) {
        return level == 0
                ? layer0[node >>> NODES_PER_CHUNK_LOG2]
                : upper[node >>> NODES_PER_CHUNK_LOG2][node & CHUNK_MASK];
    }

    /** Offset of {@code node}'s list on {@code level} in {@link #rowArray}: the count, then the neighbours. */
    int rowOffset(int node, int level) {
        return level == 0 ? (node & CHUNK_MASK) * layer0Stride : (level - 1) * upperStride;
    }

    /** Copies {@code node}'s neighbours on {@code level} into {@code into} and returns how many. */
    public int neighbours(int node, int level, int[] into) {
        int[] row = rowArray(node, level);
        int offset = rowOffset(node, level);
        int count = Math.min(row[offset], maxConnections(level));
        System.arraycopy(row, offset + 1, into, 0, count);
        return count;
    }

    /**
     * Replaces {@code node}'s neighbours on {@code level}; the caller holds {@link #lockFor}.
     * Entries are written before the count, so a reader never sees a count covering unwritten slots.
     */
    void setNeighbours(int node, int level, int[] neighbours, int count) {
        int[] row = rowArray(node, level);
        int offset = rowOffset(node, level);
        if (count < row[offset]) {
            row[offset] = count;
        }
        System.arraycopy(neighbours, 0, row, offset + 1, count);
        VarHandle.releaseFence();
        row[offset] = count;
    }

    /** Appends {@code neighbour} to {@code node}'s list if there is room; the caller holds {@link #lockFor}. */
    boolean tryAppendNeighbour(int node, int level, int neighbour) {
        int[] row = rowArray(node, level);
        int offset = rowOffset(node, level);
        int count = row[offset];
        if (count >= maxConnections(level)) {
            return false;
        }
        row[offset + 1 + count] = neighbour;
        VarHandle.releaseFence();
        row[offset] = count + 1;
        return true;
    }

    /**
     * The entry node and its level in one volatile read: node in the low 32 bits, level in the
     * high 32 ({@link #entryNodeOf}, {@link #entryLevelOf}); -1 while the graph is empty.
     */
    long entry() {
        return entry;
    }

    static int entryNodeOf(long packedEntry) {
        return (int) packedEntry;
    }

    static int entryLevelOf(long packedEntry) {
        return packedEntry == -1L ? -1 : (int) (packedEntry >>> 32);
    }

    /** Makes {@code node} the entry if its level is above the current entry's, or the graph is empty. */
    synchronized boolean offerEntry(int node, int level) {
        if (level > entryLevelOf(entry)) {
            VarHandle.releaseFence();
            entry = ((long) level << 32) | (node & 0xFFFFFFFFL);
            return true;
        }
        return false;
    }

    /** Bytes of neighbour lists and levels. */
    public long bytesUsed() {
        long bytes = (long) layer0.length * NODES_PER_CHUNK * (layer0Stride * Integer.BYTES + 1 + 4);
        for (int[][] chunk : upper) {
            for (int[] lists : chunk) {
                if (lists != null) {
                    bytes += 16 + (long) lists.length * Integer.BYTES;
                }
            }
        }
        return bytes;
    }
}
