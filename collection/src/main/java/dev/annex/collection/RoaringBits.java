package dev.annex.collection;

import dev.annex.util.Bits;
import org.roaringbitmap.RoaringBitmap;

/** A bitmap of admitted ordinals as the core's filter; its count is exact and constant-time. */
final class RoaringBits implements Bits {

    private final RoaringBitmap ordinals;
    private final int cardinality;

    RoaringBits(RoaringBitmap ordinals) {
        this.ordinals = ordinals;
        this.cardinality = ordinals.getCardinality();
    }

    @Override
    public boolean get(int ordinal) {
        return ordinals.contains(ordinal);
    }

    @Override
    public int nextAdmitted(int from, int to) {
        long next = ordinals.nextValue(Math.max(0, from));
        return next >= 0 && next < to ? (int) next : -1;
    }

    @Override
    public int approximateCardinality(int upTo) {
        return cardinality;
    }
}
