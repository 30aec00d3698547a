package dev.annex.collection;

import java.nio.charset.StandardCharsets;

/** What a collection's external ids are: UTF-8 strings of at most 256 bytes, or 64-bit integers. */
public enum IdKind {
    STRING,
    LONG;

    /** The longest string id, in UTF-8 bytes. */
    public static final int MAX_STRING_ID_BYTES = 256;

    /** The id in its stored form (a string for both kinds), after checking it is of this kind. */
    String key(Object id) {
        if (id == null) {
            throw new IllegalArgumentException("id is null");
        }
        return switch (this) {
            case STRING -> {
                if (!(id instanceof String text)) {
                    throw new IllegalArgumentException("this collection has string ids, got " + id.getClass().getSimpleName()
                            + " " + id);
                }
                int bytes = text.getBytes(StandardCharsets.UTF_8).length;
                if (bytes == 0 || bytes > MAX_STRING_ID_BYTES) {
                    throw new IllegalArgumentException("string id must be 1 to " + MAX_STRING_ID_BYTES + " UTF-8 bytes, got "
                            + bytes + " bytes: '" + abbreviate(text) + "'");
                }
                yield text;
            }
            case LONG -> {
                if (!(id instanceof Long || id instanceof Integer || id instanceof Short || id instanceof Byte)) {
                    throw new IllegalArgumentException("this collection has 64-bit integer ids, got "
                            + id.getClass().getSimpleName() + " " + abbreviate(String.valueOf(id)));
                }
                yield Long.toString(((Number) id).longValue());
            }
        };
    }

    /** The id as callers see it, from its stored form. */
    Object id(String key) {
        return this == LONG ? Long.parseLong(key) : key;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
