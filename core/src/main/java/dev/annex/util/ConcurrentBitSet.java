package dev.annex.util;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A growable bit set that many threads may set and read at once without locks; used for
 * deletion marks that searches read while writers add to them.
 */
public final class ConcurrentBitSet implements Bits {

    private final AtomicReference<AtomicLongArray> words;

    /** An empty set with room for {@code initialLength} bits before it grows. */
    public ConcurrentBitSet(int initialLength) {
        words = new AtomicReference<>(new AtomicLongArray(Math.max(1, (initialLength + 63) >>> 6)));
    }

    @Override
    public boolean get(int ordinal) {
        AtomicLongArray current = words.get();
        int wordIndex = ordinal >>> 6;
        return ordinal >= 0 && wordIndex < current.length() && (current.get(wordIndex) & (1L << ordinal)) != 0;
    }

    /** Sets bit {@code ordinal}; returns true when it was clear before. */
    public boolean set(int ordinal) {
        if (ordinal < 0) {
            throw new IndexOutOfBoundsException("ordinal must be >= 0, got " + ordinal);
        }
        int wordIndex = ordinal >>> 6;
        long mask = 1L << ordinal;
        while (true) {
            AtomicLongArray current = grownToHold(wordIndex);
            long before = current.getAndUpdate(wordIndex, w -> w | mask);
            if (words.get() == current) {
                return (before & mask) == 0;
            }
            // The array was replaced while we wrote: write again into the new one.
        }
    }

    private AtomicLongArray grownToHold(int wordIndex) {
        AtomicLongArray current = words.get();
        if (wordIndex < current.length()) {
            return current;
        }
        synchronized (this) {
            current = words.get();
            if (wordIndex < current.length()) {
                return current;
            }
            AtomicLongArray grown = new AtomicLongArray(Math.max(wordIndex + 1, current.length() * 2));
            for (int i = 0; i < current.length(); i++) {
                grown.set(i, current.get(i));
            }
            words.set(grown);
            // Bits set into the old array after the copy are re-applied by their writers (see set).
            for (int i = 0; i < current.length(); i++) {
                long late = current.get(i);
                grown.getAndUpdate(i, w -> w | late);
            }
            return grown;
        }
    }

    /** Bits this set can hold before it grows. */
    public int capacity() {
        return words.get().length() << 6;
    }

    /** The exact number of set bits. */
    public int cardinality() {
        AtomicLongArray current = words.get();
        int count = 0;
        for (int i = 0; i < current.length(); i++) {
            count += Long.bitCount(current.get(i));
        }
        return count;
    }

    @Override
    public int approximateCardinality(int upTo) {
        return cardinality();
    }
}
