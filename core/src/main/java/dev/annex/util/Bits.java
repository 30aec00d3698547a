package dev.annex.util;

/**
 * A read-only set of ordinals: which vectors a search may return.
 *
 * <p>Two shapes cover recall filters. An <em>allow-list</em> ({@link FixedBitSet}) admits the
 * ordinals it holds; ordinals at or past its length, such as items added after it was made, are
 * not admitted. A <em>deny-list</em> ({@link #allExcept}) admits everything but the ordinals it
 * holds ("not already seen", "blocked"); ordinals added after it was made are admitted. Either
 * way a filter answers {@link #get} for every ordinal ≥ 0, and deleted vectors are never returned
 * whatever the filter says.
 *
 * <p>{@link #get} must be cheap (constant time): a graph walk calls it for every candidate.
 * {@link #approximateCardinality} must be cheap too: a search calls it once to choose between
 * walking the graph and scanning the admitted vectors.
 */
public interface Bits {

    /** Admits every ordinal. */
    Bits ALL = new Bits() {
        @Override
        public boolean get(int ordinal) {
            return true;
        }

        @Override
        public int approximateCardinality(int upTo) {
            return Math.max(0, upTo);
        }

        @Override
        public String toString() {
            return "Bits.ALL";
        }
    };

    /** A deny-list: admits every ordinal but {@code excluded} (duplicates and negative values are ignored). */
    static Bits allExcept(int... excluded) {
        return DenyList.of(excluded);
    }

    /** Whether {@code ordinal} is admitted. */
    boolean get(int ordinal);

    /**
     * The first admitted ordinal in {@code [from, to)}, or -1: how an exact scan visits only the
     * admitted vectors. The default tests each ordinal; sets that can jump to their next member
     * (bit sets, bitmaps) override it, so a scan costs the admitted vectors, not the index size.
     */
    default int nextAdmitted(int from, int to) {
        for (int ordinal = Math.max(0, from); ordinal < to; ordinal++) {
            if (get(ordinal)) {
                return ordinal;
            }
        }
        return -1;
    }

    /**
     * About how many ordinals below {@code upTo} are admitted; an estimate the search uses to
     * choose its path, never a correctness input. The default samples 4,096 ordinals spread by a
     * golden-ratio sequence (so periodic sets do not alias); the sets of this package answer in
     * constant time and should be preferred.
     */
    default int approximateCardinality(int upTo) {
        if (upTo <= 0) {
            return 0;
        }
        if (upTo <= 4096) {
            int count = 0;
            for (int ordinal = 0; ordinal < upTo; ordinal++) {
                count += get(ordinal) ? 1 : 0;
            }
            return count;
        }
        int samples = 4096;
        int hits = 0;
        double position = 0;
        for (int i = 0; i < samples; i++) {
            position += 0.6180339887498949;
            position -= Math.floor(position);
            hits += get((int) (position * upTo)) ? 1 : 0;
        }
        return (int) Math.round((double) hits / samples * upTo);
    }
}
