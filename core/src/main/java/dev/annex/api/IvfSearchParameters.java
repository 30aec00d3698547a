package dev.annex.api;

import dev.annex.util.Bits;

/**
 * Settings of one IVF-PQ search.
 *
 * @param nprobe       inverted lists scanned, 1..nlist: the nearest lists to the query. More lists
 *                     find more true neighbours and cost proportionally more time.
 * @param rerankFactor {@link #INDEX_DEFAULT} for the factor the index was built with
 *                     ({@code Rerank<f>}, 0 without); 0 to rank by the compressed codes alone;
 *                     otherwise the best {@code k × rerankFactor} candidates are re-scored exactly
 *                     against the stored vectors (the index must keep them), which is how high
 *                     recall is reached
 * @param filter       which ordinals may be returned
 */
public record IvfSearchParameters(int nprobe, int rerankFactor, Bits filter) implements SearchParameters {

    /** The re-rank factor that means "whatever the index was built with". */
    public static final int INDEX_DEFAULT = -1;

    public IvfSearchParameters {
        if (nprobe <= 0) {
            throw new IllegalArgumentException("nprobe must be > 0, got " + nprobe);
        }
        if (rerankFactor < INDEX_DEFAULT || rerankFactor > IvfPqSpec.MAX_RERANK_FACTOR) {
            throw new IllegalArgumentException("rerankFactor must be in [0, " + IvfPqSpec.MAX_RERANK_FACTOR
                    + "] or INDEX_DEFAULT, got " + rerankFactor);
        }
        if (filter == null) {
            throw new IllegalArgumentException("filter is null; use Bits.ALL for no filter");
        }
    }

    /** Scan {@code nprobe} lists, re-rank as the index was built to, no filter. */
    public static IvfSearchParameters nprobe(int nprobe) {
        return new IvfSearchParameters(nprobe, INDEX_DEFAULT, Bits.ALL);
    }

    /** These settings with re-ranking of {@code k × factor} candidates (0: codes only). */
    public IvfSearchParameters withRerank(int factor) {
        return new IvfSearchParameters(nprobe, factor, filter);
    }

    /** These settings with {@code filter}. */
    public IvfSearchParameters withFilter(Bits newFilter) {
        return new IvfSearchParameters(nprobe, rerankFactor, newFilter);
    }
}
