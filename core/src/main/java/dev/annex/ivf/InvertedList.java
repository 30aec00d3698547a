package dev.annex.ivf;

import java.util.Arrays;

/**
 * The vectors assigned to one coarse centroid: ordinals, m-byte codes stored contiguously (the
 * scan reads them front to back), and one float per vector that completes its L2 distance.
 * One writer at a time (the caller synchronizes on the list); readers take no lock: they read
 * {@link #snapshot()} once and scan its first {@code size} entries, which are complete.
 */
final class InvertedList {

    /** An immutable-length view of the list's arrays; entries below {@code size} are final. */
    record Snapshot(int[] ordinals, byte[] codes, float[] corrections, int size) {
    }

    private final int codeBytes;
    private volatile Snapshot snapshot;

    InvertedList(int codeBytes) {
        this.codeBytes = codeBytes;
        this.snapshot = new Snapshot(new int[0], new byte[0], new float[0], 0);
    }

    /** A list holding the given entries, which it takes over. */
    static InvertedList of(int codeBytes, int[] ordinals, byte[] codes, float[] corrections) {
        InvertedList list = new InvertedList(codeBytes);
        list.snapshot = new Snapshot(ordinals, codes, corrections, ordinals.length);
        return list;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    /** Appends one vector; the caller holds this list's monitor. */
    void append(int ordinal, byte[] code, int codeOffset, float correction) {
        Snapshot current = snapshot;
        int size = current.size();
        int[] ordinals = current.ordinals();
        byte[] codes = current.codes();
        float[] corrections = current.corrections();
        if (size == ordinals.length) {
            int capacity = Math.max(8, size * 2);
            ordinals = Arrays.copyOf(ordinals, capacity);
            codes = Arrays.copyOf(codes, capacity * codeBytes);
            corrections = Arrays.copyOf(corrections, capacity);
        }
        ordinals[size] = ordinal;
        System.arraycopy(code, codeOffset, codes, size * codeBytes, codeBytes);
        corrections[size] = correction;
        snapshot = new Snapshot(ordinals, codes, corrections, size + 1);
    }

    /** Drops spare capacity; the caller holds this list's monitor. */
    void trimToSize() {
        Snapshot current = snapshot;
        int size = current.size();
        if (size < current.ordinals().length) {
            snapshot = new Snapshot(Arrays.copyOf(current.ordinals(), size), Arrays.copyOf(current.codes(), size * codeBytes),
                    Arrays.copyOf(current.corrections(), size), size);
        }
    }

    /** Bytes held, spare capacity included. */
    long bytesUsed() {
        Snapshot current = snapshot;
        return (long) current.ordinals().length * (Integer.BYTES + codeBytes + Float.BYTES) + 48;
    }
}
