package dev.annex.util;

import java.util.Arrays;

/**
 * A bit set of fixed length over {@code long} words, used as an allow-list filter: it admits
 * the ordinals whose bits are set, and no ordinal at or past its length (so items added to an
 * index after the set was made are not admitted; see {@link Bits}). Keeps its cardinality as
 * bits change, so a search learns it in constant time. Not thread-safe while being changed.
 */
public final class FixedBitSet implements Bits {

    private final long[] words;
    private final int length;
    private int cardinality;

    /** A set of {@code length} bits, all clear. */
    public FixedBitSet(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        this.length = length;
        this.words = new long[(length + 63) >>> 6];
    }

    @Override
    public boolean get(int ordinal) {
        return ordinal >= 0 && ordinal < length && (words[ordinal >>> 6] & (1L << ordinal)) != 0;
    }

    /** Sets bit {@code ordinal}. */
    public void set(int ordinal) {
        checkIndex(ordinal);
        long before = words[ordinal >>> 6];
        long after = before | (1L << ordinal);
        words[ordinal >>> 6] = after;
        cardinality += before == after ? 0 : 1;
    }

    /** Clears bit {@code ordinal}. */
    public void clear(int ordinal) {
        checkIndex(ordinal);
        long before = words[ordinal >>> 6];
        long after = before & ~(1L << ordinal);
        words[ordinal >>> 6] = after;
        cardinality -= before == after ? 0 : 1;
    }

    /** Clears every bit. */
    public void clear() {
        Arrays.fill(words, 0L);
        cardinality = 0;
    }

    /** Number of bits; ordinals at or past it are not admitted. */
    public int length() {
        return length;
    }

    /** The exact number of set bits, in constant time. */
    public int cardinality() {
        return cardinality;
    }

    /** Exact when {@code upTo >= length()}; otherwise the set bits scaled to the share of the length below {@code upTo}. */
    @Override
    public int approximateCardinality(int upTo) {
        if (upTo >= length) {
            return cardinality;
        }
        return upTo <= 0 ? 0 : (int) ((long) cardinality * upTo / length);
    }

    @Override
    public int nextAdmitted(int from, int to) {
        int next = nextSetBit(Math.max(0, from));
        return next >= 0 && next < to ? next : -1;
    }

    /** The first set bit at or after {@code from}, or -1 when there is none. */
    public int nextSetBit(int from) {
        if (from >= length) {
            return -1;
        }
        int wordIndex = from >>> 6;
        long word = words[wordIndex] & (-1L << from);
        while (true) {
            if (word != 0) {
                int bit = (wordIndex << 6) + Long.numberOfTrailingZeros(word);
                return bit < length ? bit : -1;
            }
            if (++wordIndex == words.length) {
                return -1;
            }
            word = words[wordIndex];
        }
    }

    private void checkIndex(int ordinal) {
        if (ordinal < 0 || ordinal >= length) {
            throw new IndexOutOfBoundsException("ordinal " + ordinal + " outside [0, " + length + ")");
        }
    }
}
