package dev.annex.collection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates payloads against a schema and turns them into bytes and back. Layout, big-endian:
 * field count (short); per present field its declaration index (short), then the value:
 * keyword as length (int) and UTF-8 bytes; keyword list as count (int) and keywords; long and
 * double as 8 bytes; boolean as one byte.
 */
final class PayloadCodec {

    private final CollectionSchema schema;
    private final String[] names;
    private final FieldType[] types;

    PayloadCodec(CollectionSchema schema) {
        this.schema = schema;
        this.names = schema.fields().keySet().toArray(String[]::new);
        this.types = schema.fields().values().toArray(FieldType[]::new);
    }

    /** Checks every field of {@code payload} against the schema; the message names the id, field and value. */
    Map<String, Object> validated(Object id, Map<String, Object> payload) {
        Map<String, Object> normalised = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : payload.entrySet()) {
            FieldType type = schema.typeOf(field.getKey());
            if (type == null) {
                throw new IllegalArgumentException("point " + id + ": payload field '" + field.getKey()
                        + "' is not declared; declared: " + schema.fields().keySet());
            }
            normalised.put(field.getKey(), normalise(id, field.getKey(), type, field.getValue()));
        }
        return normalised;
    }

    private static Object normalise(Object id, String field, FieldType type, Object value) {
        Object result = switch (type) {
            case KEYWORD -> value instanceof String ? value : null;
            case KEYWORD_LIST -> {
                if (!(value instanceof List<?> list)) {
                    yield null;
                }
                List<String> keywords = new ArrayList<>(list.size());
                for (Object element : list) {
                    if (!(element instanceof String keyword)) {
                        yield null;
                    }
                    keywords.add(keyword);
                }
                yield List.copyOf(keywords);
            }
            case LONG -> value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                    ? ((Number) value).longValue() : null;
            case DOUBLE -> value instanceof Number number && Double.isFinite(number.doubleValue()) ? number.doubleValue() : null;
            case BOOLEAN -> value instanceof Boolean ? value : null;
        };
        if (result == null) {
            throw new IllegalArgumentException("point " + id + ": payload field '" + field + "' is " + type + ", got "
                    + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
        }
        return result;
    }

    byte[] encode(Map<String, Object> validated) {
        List<byte[]> strings = new ArrayList<>();
        int size = 2;
        for (Map.Entry<String, Object> field : validated.entrySet()) {
            size += 2;
            switch (schema.typeOf(field.getKey())) {
                case KEYWORD -> size += 4 + utf8(field.getValue(), strings).length;
                case KEYWORD_LIST -> {
                    size += 4;
                    for (Object keyword : (List<?>) field.getValue()) {
                        size += 4 + utf8(keyword, strings).length;
                    }
                }
                case LONG, DOUBLE -> size += 8;
                case BOOLEAN -> size += 1;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putShort((short) validated.size());
        int next = 0;
        for (Map.Entry<String, Object> field : validated.entrySet()) {
            FieldType type = schema.typeOf(field.getKey());
            out.putShort((short) indexOf(field.getKey()));
            switch (type) {
                case KEYWORD -> next = putString(out, strings, next);
                case KEYWORD_LIST -> {
                    List<?> keywords = (List<?>) field.getValue();
                    out.putInt(keywords.size());
                    for (int i = 0; i < keywords.size(); i++) {
                        next = putString(out, strings, next);
                    }
                }
                case LONG -> out.putLong((Long) field.getValue());
                case DOUBLE -> out.putDouble((Double) field.getValue());
                case BOOLEAN -> out.put((byte) ((Boolean) field.getValue() ? 1 : 0));
            }
        }
        return out.array();
    }

    Map<String, Object> decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int count = in.getShort();
        Map<String, Object> payload = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int field = in.getShort();
            Object value = switch (types[field]) {
                case KEYWORD -> getString(in);
                case KEYWORD_LIST -> {
                    int size = in.getInt();
                    List<String> keywords = new ArrayList<>(size);
                    for (int k = 0; k < size; k++) {
                        keywords.add(getString(in));
                    }
                    yield List.copyOf(keywords);
                }
                case LONG -> in.getLong();
                case DOUBLE -> in.getDouble();
                case BOOLEAN -> in.get() != 0;
            };
            payload.put(names[field], value);
        }
        return payload;
    }

    private int indexOf(String field) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(field)) {
                return i;
            }
        }
        throw new IllegalStateException("undeclared field " + field);
    }

    private static byte[] utf8(Object text, List<byte[]> strings) {
        byte[] bytes = ((String) text).getBytes(StandardCharsets.UTF_8);
        strings.add(bytes);
        return bytes;
    }

    private static int putString(ByteBuffer out, List<byte[]> strings, int next) {
        byte[] bytes = strings.get(next);
        out.putInt(bytes.length);
        out.put(bytes);
        return next + 1;
    }

    private static String getString(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
