package dev.annex.collection;

import java.util.Map;

/**
 * One item of a collection: its external id (a {@link String} or a {@link Long}, as the
 * collection's {@link IdKind} says), its vector and its payload (declared field name to value;
 * fields may be absent).
 */
public record Point(Object id, float[] vector, Map<String, Object> payload) {

    public Point {
        payload = payload == null ? Map.of() : payload;
    }

    /** A point without payload. */
    public static Point of(Object id, float[] vector) {
        return new Point(id, vector, Map.of());
    }
}
