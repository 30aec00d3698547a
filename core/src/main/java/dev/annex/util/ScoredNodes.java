package dev.annex.util;

/**
 * Packs a (score, node) pair into one {@code long} whose natural order is "better first":
 * a higher score is larger, and on equal scores the smaller node id is larger. Heaps of these
 * longs need no objects and compare with one instruction.
 */
public final class ScoredNodes {

    private ScoredNodes() {
    }

    /**
     * The packed form of {@code (score, node)}; node must be >= 0. A NaN score packs as
     * negative infinity, so it never ranks above a real score.
     */
    public static long pack(float score, int node) {
        if (score != score) {
            score = Float.NEGATIVE_INFINITY;
        }
        return ((long) sortableBits(score) << 32) | (0xFFFFFFFFL - node);
    }

    /** The score of a packed pair. */
    public static float score(long packed) {
        return fromSortableBits((int) (packed >> 32));
    }

    /** The node of a packed pair. */
    public static int node(long packed) {
        return (int) (0xFFFFFFFFL - (packed & 0xFFFFFFFFL));
    }

    private static int sortableBits(float value) {
        int bits = Float.floatToRawIntBits(value);
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }

    private static float fromSortableBits(int sortable) {
        return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7FFFFFFF));
    }
}
