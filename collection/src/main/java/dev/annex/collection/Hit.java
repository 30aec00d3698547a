package dev.annex.collection;

import java.util.Map;

/**
 * One search result: the point's id, its score (higher is better, as the core reports it), its
 * payload when asked for (else empty), and for multi-interest searches the interests that found it.
 */
public record Hit(Object id, float score, Map<String, Object> payload) {
}
