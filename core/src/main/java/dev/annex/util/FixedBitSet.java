package dev.annex.util;

import java.util.Arrays;

/** A bit set of fixed length over {@code long} words; not thread-safe. The usual way to build a filter. */
public final class FixedBitSet implements Bits {

    private final long[] words;
    private final int length;

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
        words[ordinal >>> 6] |= 1L << ordinal;
    }

    /** Clears bit {@code ordinal}. */
    public void clear(int ordinal) {
        checkIndex(ordinal);
        words[ordinal >>> 6] &= ~(1L << ordinal);
    }

    /** Clears every bit. */
    public void clear() {
        Arrays.fill(words, 0L);
    }

    @Override
    public int length() {
        return length;
    }

    /** The exact number of set bits. */
    public int cardinality() {
        int count = 0;
        for (long word : words) {
            count += Long.bitCount(word);
        }
        return count;
    }

    @Override
    public int approximateCardinality(int upTo) {
        if (upTo >= length) {
            return cardinality();
        }
        int count = 0;
        int fullWords = upTo >>> 6;
        for (int i = 0; i < fullWords; i++) {
            count += Long.bitCount(words[i]);
        }
        if ((upTo & 63) != 0) {
            count += Long.bitCount(words[fullWords] & ((1L << upTo) - 1));
        }
        return count;
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
