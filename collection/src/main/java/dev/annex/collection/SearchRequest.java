package dev.annex.collection;

import dev.annex.api.SearchParameters;
import java.util.List;

/**
 * One search of a collection.
 *
 * @param vector      the query
 * @param k           results wanted
 * @param parameters  the index's per-call settings (ef, nprobe, re-ranking); null for the
 *                    collection's defaults. Their own filter is replaced by the one below.
 * @param filter      payload condition the results must meet, or null
 * @param excludeIds  ids never to return ("already seen"), possibly empty
 * @param withPayload whether hits carry their payload
 */
public record SearchRequest(float[] vector, int k, SearchParameters parameters, PayloadFilter filter, List<?> excludeIds,
                            boolean withPayload) {

    public SearchRequest {
        excludeIds = excludeIds == null ? List.of() : excludeIds;
    }

    /** The top {@code k} for {@code vector}, default settings, no filter, no payload. */
    public static SearchRequest of(float[] vector, int k) {
        return new SearchRequest(vector, k, null, null, List.of(), false);
    }

    public SearchRequest withParameters(SearchParameters newParameters) {
        return new SearchRequest(vector, k, newParameters, filter, excludeIds, withPayload);
    }

    public SearchRequest withFilter(PayloadFilter newFilter) {
        return new SearchRequest(vector, k, parameters, newFilter, excludeIds, withPayload);
    }

    public SearchRequest excluding(List<?> ids) {
        return new SearchRequest(vector, k, parameters, filter, ids, withPayload);
    }

    public SearchRequest includingPayload() {
        return new SearchRequest(vector, k, parameters, filter, excludeIds, true);
    }
}
