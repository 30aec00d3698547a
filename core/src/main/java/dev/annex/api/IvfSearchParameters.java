package dev.annex.api;

import dev.annex.util.Bits;

/**
 * Settings of one IVF-PQ search.
 *
 * @param nprobe       inverted lists scanned, 1..nlist: the nearest lists to the query. More lists
 *                     find more true neighbours and cost proportionally more time.
 * @param rerankFactor 0 to rank by the compressed codes alone; otherwise the best
 *                     {@code k × rerankFactor} candidates are re-scored exactly against the stored
 *                     vectors (the index must keep them), which is how high recall is reached
 * @param filter       which ordinals may be returned
 */
public record IvfSearchParameters(int nprobe, int rerankFactor, Bits filter) implements SearchParameters {

    public IvfSearchParameters {
        if (nprobe <= 0) {
            throw new IllegalArgumentException("nprobe must be > 0, got " + nprobe);
        }
        if (rerankFactor < 0) {
            throw new IllegalArgumentException("rerankFactor must be >= 0, got " + rerankFactor);
        }
        if (filter == null) {
            throw new IllegalArgumentException("filter is null; use Bits.ALL for no filter");
        }
    }

    /** Scan {@code nprobe} lists, no re-ranking, no filter. */
    public static IvfSearchParameters nprobe(int nprobe) {
        return new IvfSearchParameters(nprobe, 0, Bits.ALL);
    }

    /** These settings with re-ranking of {@code k × factor} candidates. */
    public IvfSearchParameters withRerank(int factor) {
        return new IvfSearchParameters(nprobe, factor, filter);
    }

    /** These settings with {@code filter}. */
    public IvfSearchParameters withFilter(Bits newFilter) {
        return new IvfSearchParameters(nprobe, rerankFactor, newFilter);
    }
}
