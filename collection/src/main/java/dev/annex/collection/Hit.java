package dev.annex.collection;

import java.util.List;
import java.util.Map;

/**
 * One search result: the point's id, its score (higher is better, as the core reports it; for a
 * multi-interest search the best weighted score), its payload when asked for (else empty), and
 * for multi-interest searches the positions of the interests that found it (else empty).
 */
public record Hit(Object id, float score, Map<String, Object> payload, List<Integer> interests) {

    public Hit {
        interests = interests == null ? List.of() : List.copyOf(interests);
    }
}
