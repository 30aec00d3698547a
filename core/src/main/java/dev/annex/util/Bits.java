package dev.annex.util;

/**
 * A read-only set of ordinals, used to say which vectors a search may return.
 *
 * <p>{@link #ALL} accepts every ordinal. Implementations should answer {@link #get} in constant
 * time; the search calls it for every candidate it meets.
 */
public interface Bits {

    /** Accepts every ordinal. */
    Bits ALL = new Bits() {
        @Override
        public boolean get(int ordinal) {
            return true;
        }

        @Override
        public int length() {
            return Integer.MAX_VALUE;
        }

        @Override
        public String toString() {
            return "Bits.ALL";
        }
    };

    /** The ordinals {@code accepted} accepts and {@code excluded} does not. */
    static Bits andNot(Bits accepted, Bits excluded) {
        return new Bits() {
            @Override
            public boolean get(int ordinal) {
                return accepted.get(ordinal) && !excluded.get(ordinal);
            }

            @Override
            public int length() {
                return accepted.length();
            }
        };
    }

    /** Whether {@code ordinal} is accepted. */
    boolean get(int ordinal);

    /** One past the largest ordinal this set can answer for; ordinals at or past it are rejected by callers. */
    int length();

    /**
     * An estimate of how many ordinals below {@code upTo} are accepted. The default probes 4096
     * ordinals spread by a golden-ratio sequence (so periodic sets do not alias); sets that know
     * their exact count override it.
     */
    default int approximateCardinality(int upTo) {
        int limit = Math.min(upTo, length());
        if (limit <= 0) {
            return 0;
        }
        if (limit <= 4096) {
            int count = 0;
            for (int ordinal = 0; ordinal < limit; ordinal++) {
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
            hits += get((int) (position * limit)) ? 1 : 0;
        }
        return (int) Math.round((double) hits / samples * limit);
    }
}
