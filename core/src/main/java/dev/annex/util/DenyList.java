package dev.annex.util;

import java.util.Arrays;

/**
 * A filter that admits every ordinal except a given few: the "not already seen" filter of
 * recall. Membership is an open-addressing hash probe, so a search pays constant time per
 * candidate and nothing proportional to the index; memory is proportional to the excluded
 * ordinals only. Immutable, so one instance may serve many concurrent searches.
 */
final class DenyList implements Bits {

    private static final int EMPTY = -1;

    private final int[] slots;
    private final int mask;
    private final int[] sortedExcluded;

    private DenyList(int[] sortedDistinct) {
        this.sortedExcluded = sortedDistinct;
        int capacity = Integer.highestOneBit(Math.max(2, sortedDistinct.length) * 2 - 1) << 1;
        this.slots = new int[capacity];
        this.mask = capacity - 1;
        Arrays.fill(slots, EMPTY);
        for (int ordinal : sortedDistinct) {
            int slot = hash(ordinal) & mask;
            while (slots[slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = ordinal;
        }
    }

    static DenyList of(int[] excluded) {
        if (excluded == null) {
            throw new IllegalArgumentException("excluded ordinals are null; pass an empty array to exclude nothing");
        }
        int[] sorted = Arrays.stream(excluded).filter(o -> o >= 0).sorted().distinct().toArray();
        return new DenyList(sorted);
    }

    private static int hash(int ordinal) {
        return ordinal * 0x9E3779B9 >>> 7 ^ ordinal;
    }

    @Override
    public boolean get(int ordinal) {
        int slot = hash(ordinal) & mask;
        while (true) {
            int held = slots[slot];
            if (held == ordinal) {
                return false;
            }
            if (held == EMPTY) {
                return true;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Exact: {@code upTo} minus the excluded ordinals below it. */
    @Override
    public int approximateCardinality(int upTo) {
        if (upTo <= 0) {
            return 0;
        }
        int below = Arrays.binarySearch(sortedExcluded, upTo);
        return upTo - (below >= 0 ? below : -below - 1);
    }

    @Override
    public String toString() {
        return "Bits.allExcept(" + sortedExcluded.length + " ordinals)";
    }
}
