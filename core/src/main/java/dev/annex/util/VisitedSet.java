package dev.annex.util;

import java.util.Arrays;

/**
 * Marks ordinals seen during one search. Clearing is O(1): each search bumps an epoch and an
 * ordinal counts as visited only when its slot holds the current epoch. Slots are 16-bit so the
 * set of a million-node graph (2 MB) stays mostly in cache; every 65,535 searches the slots are
 * zeroed once. Not thread-safe; each searcher owns one.
 */
public final class VisitedSet {

    private short[] epochs;
    private short epoch = 1;

    /** A set able to hold ordinals below {@code capacity}; it grows on demand. */
    public VisitedSet(int capacity) {
        epochs = new short[Math.max(1, capacity)];
    }

    /** Forgets every mark and makes room for ordinals below {@code capacity}. */
    public void reset(int capacity) {
        if (capacity > epochs.length) {
            epochs = new short[Math.max(capacity, epochs.length + (epochs.length >> 1))];
            epoch = 1;
            return;
        }
        if (++epoch == 0) {
            Arrays.fill(epochs, (short) 0);
            epoch = 1;
        }
    }

    /** Marks {@code ordinal}; returns true when it was not marked before. */
    public boolean visit(int ordinal) {
        if (epochs[ordinal] == epoch) {
            return false;
        }
        epochs[ordinal] = epoch;
        return true;
    }
}
