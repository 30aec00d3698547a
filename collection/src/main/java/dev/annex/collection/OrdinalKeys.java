package dev.annex.collection;

import java.util.Arrays;

/**
 * An on-heap mirror of the ordinal-to-id map, read by every search hit: a Chronicle Map lookup
 * costs most of a microsecond (hashing, off-heap read, decoding), an array read nanoseconds. The
 * Chronicle Map stays the persisted copy; this one is rebuilt from it on open. Chunked, so
 * growth never copies keys; readers take no lock and may see null for an ordinal being written.
 */
final class OrdinalKeys {

    private static final int CHUNK_BITS = 14;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private volatile String[][] chunks = new String[0][];

    /** The id key of {@code ordinal}, or null. */
    String get(int ordinal) {
        String[][] current = chunks;
        int chunk = ordinal >>> CHUNK_BITS;
        return chunk < current.length ? current[chunk][ordinal & (CHUNK - 1)] : null;
    }

    /** Sets (or, with null, clears) the key of {@code ordinal}; writers are serialised by the collection. */
    void set(int ordinal, String key) {
        int chunk = ordinal >>> CHUNK_BITS;
        String[][] current = chunks;
        if (chunk >= current.length) {
            if (key == null) {
                return;
            }
            String[][] grown = Arrays.copyOf(current, Math.max(chunk + 1, current.length * 2));
            for (int i = current.length; i < grown.length; i++) {
                grown[i] = new String[CHUNK];
            }
            chunks = grown;
            current = grown;
        }
        current[chunk][ordinal & (CHUNK - 1)] = key;
    }
}
