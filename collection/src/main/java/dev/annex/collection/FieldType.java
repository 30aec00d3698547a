package dev.annex.collection;

/** The type of a declared payload field, and the Java values it takes. */
public enum FieldType {
    /** A {@link String}, matched exactly. */
    KEYWORD(1),
    /** A {@link java.util.List} of {@link String}s; a filter on it matches when any element does. */
    KEYWORD_LIST(2),
    /** A {@link Long} (any integral {@link Number} is accepted). */
    LONG(3),
    /** A {@link Double} (any {@link Number} is accepted). */
    DOUBLE(4),
    /** A {@link Boolean}. */
    BOOLEAN(5);

    private final int id;

    FieldType(int id) {
        this.id = id;
    }

    /** The stable identifier written to disk. */
    int id() {
        return id;
    }

    static FieldType fromId(int id) {
        for (FieldType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown field type id " + id);
    }
}
