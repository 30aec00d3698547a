package dev.annex.hnsw;

import java.lang.invoke.MethodHandles;
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
 * <p>Publication protocol (readers take no lock, on any CPU's memory model):
 * <ol>
 *   <li>A writer changes a node's lists only while holding {@link #lockFor(int)}.</li>
 *   <li>A new node's rows (its upper-layer {@code int[]}, its level) and its vector are written
 *       before its own lists, and its lists before any other node links to it.</li>
 *   <li>A list is changed by writing the entries with plain stores, then the count with a
 *       release store ({@link #setNeighbours}, {@link #tryAppendNeighbour}).</li>
 *   <li>A reader reads the count with an acquire load ({@link #count}), then that many entries.
 *       The acquire pairs with the release of rule 3, so every entry it reads, and everything
 *       written before that entry was linked (rule 2), is visible to it: it never sees an
 *       unwritten slot, a null upper-layer row or a vector not yet stored.</li>
 *   <li>The entry point is one volatile {@code long} (node and level), changed only under
 *       {@link #entryLock}.</li>
 * </ol>
 * A reader may see a list mid-update (old and new neighbours mixed), which is harmless for
 * search because every entry ever written is a node that was complete before it was linked.
 */
final class HnswGraph {

    static final int NODES_PER_CHUNK_LOG2 = 12;
    static final int NODES_PER_CHUNK = 1 << NODES_PER_CHUNK_LOG2;
    private static final int CHUNK_MASK = NODES_PER_CHUNK - 1;
    private static final int LOCK_STRIPES = 1024;
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

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
    /**
     * Held by every insert that installs the first entry or raises the top level, so those
     * inserts run one at a time and each links below the entry it replaces.
     */
    final Object entryLock = new Object();

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

    /**
     * Loads the first word of {@code node}'s list on {@code level} and returns it, so that the
     * list is on its way into the cache while the caller scores other vectors. Java has no
     * prefetch instruction; a load whose value is only kept (see {@link HnswSearcher}) issues
     * the memory access without making the work after it wait.
     */
    int touchRow(int node, int level) {
        return rowArray(node, level)[rowOffset(node, level)];
    }

    /** The neighbour count at {@code offset} of {@code row}, read with acquire semantics (see the class comment). */
    int count(int[] row, int offset, int level) {
        return Math.min((int) INTS.getAcquire(row, offset), maxConnections(level));
    }

    /** Copies {@code node}'s neighbours on {@code level} into {@code into} and returns how many. */
    public int neighbours(int node, int level, int[] into) {
        int[] row = rowArray(node, level);
        int offset = rowOffset(node, level);
        int count = count(row, offset, level);
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
            INTS.setRelease(row, offset, count);
        }
        System.arraycopy(neighbours, 0, row, offset + 1, count);
        INTS.setRelease(row, offset, count);
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
        INTS.setRelease(row, offset, count + 1);
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

    /** Makes {@code node}, whose lists are complete, the entry at {@code level}; the caller holds {@link #entryLock}. */
    void setEntry(int node, int level) {
        entry = ((long) level << 32) | (node & 0xFFFFFFFFL);
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
