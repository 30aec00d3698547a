package dev.annex.api;

import dev.annex.util.Bits;

/**
 * Settings of one exact (brute-force) search.
 *
 * @param filter which ordinals may be returned
 */
public record ExactSearchParameters(Bits filter) implements SearchParameters {

    /** No filter. */
    public static final ExactSearchParameters ALL = new ExactSearchParameters(Bits.ALL);

    public ExactSearchParameters {
        if (filter == null) {
            throw new IllegalArgumentException("filter is null; use Bits.ALL for no filter");
        }
    }
}
