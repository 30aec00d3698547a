package dev.annex.api;

import dev.annex.util.Bits;

/**
 * Settings of one HNSW search.
 *
 * @param ef     size of the candidate list kept while walking the graph; a search raises it to k
 *               when it is smaller. Larger
 *               finds more of the true neighbours and costs proportionally more time.
 * @param filter which ordinals may be returned
 */
public record HnswSearchParameters(int ef, Bits filter) implements SearchParameters {

    public HnswSearchParameters {
        if (ef <= 0) {
            throw new IllegalArgumentException("ef must be > 0, got " + ef);
        }
        if (filter == null) {
            throw new IllegalArgumentException("filter is null; use Bits.ALL for no filter");
        }
    }

    /** Search with candidate list size {@code ef} and no filter. */
    public static HnswSearchParameters ef(int ef) {
        return new HnswSearchParameters(ef, Bits.ALL);
    }

    /** These settings with {@code filter}. */
    public HnswSearchParameters withFilter(Bits filter) {
        return new HnswSearchParameters(ef, filter);
    }
}
