package dev.annex.collection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One change to a collection, as the write-ahead log holds it. Each carries the ordinals it
 * was applied with, so replaying it onto state that already holds it changes nothing. A batch
 * is one log record (so a crash keeps all of it or none): count (int), then each mutation.
 * Mutation layout, big-endian: type (byte); upsert: ordinal (int), previous ordinal (int, -1 for
 * none), id key (int length, UTF-8), vector (dimension floats), payload (int length, bytes);
 * delete: ordinal (int), id key.
 */
sealed interface Mutation {

    byte UPSERT = 1;
    byte DELETE = 2;

    /** Stores {@code key} at {@code ordinal} with {@code vector} and {@code payload}, retiring {@code previousOrdinal} (or -1). */
    record Upsert(int ordinal, int previousOrdinal, String key, float[] vector, byte[] payload) implements Mutation {
    }

    /** Removes {@code key}, stored at {@code ordinal}. */
    record Delete(int ordinal, String key) implements Mutation {
    }

    /** One log record body holding {@code batch}. */
    static byte[] encodeBatch(java.util.List<Mutation> batch) {
        java.util.List<byte[]> parts = new java.util.ArrayList<>(batch.size());
        int size = 4;
        for (Mutation mutation : batch) {
            byte[] part = encode(mutation);
            parts.add(part);
            size += part.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(batch.size());
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }

    /** The batch in a log record body written by {@link #encodeBatch}. */
    static java.util.List<Mutation> decodeBatch(ByteBuffer in, int dimension) {
        int count = in.getInt();
        java.util.List<Mutation> batch = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(decode(in, dimension));
        }
        return batch;
    }

    private static byte[] encode(Mutation mutation) {
        return switch (mutation) {
            case Upsert upsert -> {
                byte[] key = upsert.key().getBytes(StandardCharsets.UTF_8);
                ByteBuffer out = ByteBuffer.allocate(1 + 4 + 4 + 4 + key.length + 4 * upsert.vector().length + 4
                        + upsert.payload().length);
                out.put(UPSERT).putInt(upsert.ordinal()).putInt(upsert.previousOrdinal()).putInt(key.length).put(key);
                for (float component : upsert.vector()) {
                    out.putFloat(component);
                }
                out.putInt(upsert.payload().length).put(upsert.payload());
                yield out.array();
            }
            case Delete delete -> {
                byte[] key = delete.key().getBytes(StandardCharsets.UTF_8);
                ByteBuffer out = ByteBuffer.allocate(1 + 4 + 4 + key.length);
                out.put(DELETE).putInt(delete.ordinal()).putInt(key.length).put(key);
                yield out.array();
            }
        };
    }

    private static Mutation decode(ByteBuffer in, int dimension) {
        byte type = in.get();
        return switch (type) {
            case UPSERT -> {
                int ordinal = in.getInt();
                int previous = in.getInt();
                String key = string(in);
                float[] vector = new float[dimension];
                for (int i = 0; i < dimension; i++) {
                    vector[i] = in.getFloat();
                }
                byte[] payload = new byte[in.getInt()];
                in.get(payload);
                yield new Upsert(ordinal, previous, key, vector, payload);
            }
            case DELETE -> {
                int ordinal = in.getInt();
                yield new Delete(ordinal, string(in));
            }
            default -> throw new IllegalArgumentException("unknown log record type " + type);
        };
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
