package dev.annex.ivf;

import java.util.Arrays;

/**
 * The vectors assigned to one coarse centroid: ordinals, codes, and one float per vector that
 * completes its L2 distance. One writer at a time (the caller synchronizes on the list); readers
 * take no lock: they read {@link #snapshot()} once and scan its first {@code size} entries,
 * which are complete.
 *
 * <p>Codes are laid out in one of two ways. 8-bit codes: m bytes per vector, contiguous (the
 * scan reads them front to back). 4-bit fast-scan codes ({@code packed}): blocks of
 * {@value #BLOCK} vectors, {@code 16·m} bytes each; in a block, sub-quantizer j owns 16 bytes,
 * and byte t holds vector t's code in its low nibble and vector t+16's in its high nibble
 * (the layout {@link dev.annex.vector.VectorKernels#fastScanBlock} reads). An append rewrites a
 * byte that also holds an earlier vector's code, with that code unchanged, so readers of the
 * earlier vector see the same value before and after.
 */
final class InvertedList {

    /** Vectors per fast-scan block. */
    static final int BLOCK = 32;

    /**
     * An immutable-length view of the list's arrays; entries below {@code size} are final.
     * {@code minCorrection} is the least of their corrections (+∞ when empty), which bounds
     * every entry's distance from below before its correction is read.
     */
    record Snapshot(int[] ordinals, byte[] codes, float[] corrections, int size, float minCorrection) {
    }

    private final int subspaces;
    private final boolean packed;
    private volatile Snapshot snapshot;

    /** An empty list of m-byte codes, or with {@code packed}, of 4-bit codes in blocks. */
    InvertedList(int subspaces, boolean packed) {
        this.subspaces = subspaces;
        this.packed = packed;
        this.snapshot = new Snapshot(new int[0], new byte[0], new float[0], 0, Float.POSITIVE_INFINITY);
    }

    /** A list holding the given entries, codes in this layout, which it takes over. */
    static InvertedList of(int subspaces, boolean packed, int[] ordinals, byte[] codes, float[] corrections) {
        InvertedList list = new InvertedList(subspaces, packed);
        float minCorrection = Float.POSITIVE_INFINITY;
        for (float correction : corrections) {
            minCorrection = Math.min(minCorrection, correction);
        }
        list.snapshot = new Snapshot(ordinals, codes, corrections, ordinals.length, minCorrection);
        return list;
    }

    /** Bytes that the codes of {@code count} vectors take in a list of this layout. */
    static long codeBytes(int subspaces, boolean packed, int count) {
        return packed ? (long) blocks(count) * BLOCK / 2 * subspaces : (long) count * subspaces;
    }

    /** Fast-scan blocks that {@code count} vectors fill, the last one possibly in part. */
    static int blocks(int count) {
        return (count + BLOCK - 1) / BLOCK;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    /** Appends one vector whose code is one byte per sub-quantizer at {@code code[codeOffset..)}; the caller holds this list's monitor. */
    void append(int ordinal, byte[] code, int codeOffset, float correction) {
        Snapshot current = snapshot;
        int size = current.size();
        int[] ordinals = current.ordinals();
        byte[] codes = current.codes();
        float[] corrections = current.corrections();
        if (size == ordinals.length) {
            int capacity = Math.max(packed ? BLOCK : 8, size * 2);
            ordinals = Arrays.copyOf(ordinals, capacity);
            codes = Arrays.copyOf(codes, (int) codeBytes(subspaces, packed, capacity));
            corrections = Arrays.copyOf(corrections, capacity);
        }
        ordinals[size] = ordinal;
        if (packed) {
            int slot = size % BLOCK;
            int row = size / BLOCK * (BLOCK / 2) * subspaces + slot % (BLOCK / 2);
            int shift = slot < BLOCK / 2 ? 0 : 4;
            for (int j = 0; j < subspaces; j++) {
                int at = row + (BLOCK / 2) * j;
                codes[at] = (byte) ((codes[at] & (0xF0 >>> shift)) | (code[codeOffset + j] & 0x0F) << shift);
            }
        } else {
            System.arraycopy(code, codeOffset, codes, size * subspaces, subspaces);
        }
        corrections[size] = correction;
        snapshot = new Snapshot(ordinals, codes, corrections, size + 1, Math.min(current.minCorrection(), correction));
    }

    /** Drops spare capacity; the caller holds this list's monitor. */
    void trimToSize() {
        Snapshot current = snapshot;
        int size = current.size();
        if (size < current.ordinals().length) {
            snapshot = new Snapshot(Arrays.copyOf(current.ordinals(), size),
                    Arrays.copyOf(current.codes(), (int) codeBytes(subspaces, packed, size)),
                    Arrays.copyOf(current.corrections(), size), size, current.minCorrection());
        }
    }

    /** Bytes held, spare capacity included. */
    long bytesUsed() {
        Snapshot current = snapshot;
        return (long) current.ordinals().length * (Integer.BYTES + Float.BYTES) + current.codes().length + 48;
    }
}
