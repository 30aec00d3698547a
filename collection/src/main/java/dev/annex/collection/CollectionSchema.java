package dev.annex.collection;

import dev.annex.api.IndexSpec;
import dev.annex.vector.Similarity;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * What a collection holds: vectors of {@code dimension} components compared by
 * {@code similarity}, indexed as {@code indexSpec} says (a factory string such as
 * {@code HNSW16,efc200}, {@code IVF1024,PQ16x8,Rerank10} or {@code Flat}), ids of
 * {@code idKind}, and the declared payload {@code fields} (name to type, in declaration order).
 */
public record CollectionSchema(int dimension, Similarity similarity, IndexSpec indexSpec, IdKind idKind,
                               Map<String, FieldType> fields) {

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

    public CollectionSchema {
        if (dimension <= 0 || dimension > dev.annex.vector.Vectors.MAX_DIMENSION) {
            throw new IllegalArgumentException("dimension must be in [1, " + dev.annex.vector.Vectors.MAX_DIMENSION
                    + "], got " + dimension);
        }
        if (similarity == null || indexSpec == null || idKind == null) {
            throw new IllegalArgumentException("similarity, index spec and id kind are required, got " + similarity + ", "
                    + indexSpec + ", " + idKind);
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields == null ? Map.of() : fields));
        if (fields.size() > Short.MAX_VALUE) {
            throw new IllegalArgumentException("at most " + Short.MAX_VALUE + " payload fields, got " + fields.size());
        }
        for (Map.Entry<String, FieldType> field : fields.entrySet()) {
            if (field.getKey() == null || !FIELD_NAME.matcher(field.getKey()).matches()) {
                throw new IllegalArgumentException("payload field name '" + field.getKey()
                        + "' must be a letter or _ followed by up to 63 letters, digits, _ . or -");
            }
            if (field.getValue() == null) {
                throw new IllegalArgumentException("payload field '" + field.getKey() + "' has no type");
            }
        }
    }

    /** A schema from a factory string. */
    public static CollectionSchema of(int dimension, Similarity similarity, String indexSpec, IdKind idKind,
                                      Map<String, FieldType> fields) {
        return new CollectionSchema(dimension, similarity, IndexSpec.parse(indexSpec), idKind, fields);
    }

    /** The type of {@code field}, or null when it is not declared. */
    FieldType typeOf(String field) {
        return fields.get(field);
    }

    void write(Writer out) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("dimension", Integer.toString(dimension));
        properties.setProperty("similarity", similarity.name());
        properties.setProperty("index", indexSpec.toString());
        properties.setProperty("ids", idKind.name());
        int i = 0;
        for (Map.Entry<String, FieldType> field : fields.entrySet()) {
            properties.setProperty("field." + i + ".name", field.getKey());
            properties.setProperty("field." + i + ".type", field.getValue().name());
            i++;
        }
        properties.setProperty("fields", Integer.toString(i));
        properties.store(out, "Annex collection schema");
    }

    static CollectionSchema read(Reader in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        Map<String, FieldType> fields = new LinkedHashMap<>();
        int count = Integer.parseInt(required(properties, "fields"));
        for (int i = 0; i < count; i++) {
            fields.put(required(properties, "field." + i + ".name"),
                    FieldType.valueOf(required(properties, "field." + i + ".type")));
        }
        return new CollectionSchema(Integer.parseInt(required(properties, "dimension")),
                Similarity.valueOf(required(properties, "similarity")), IndexSpec.parse(required(properties, "index")),
                IdKind.valueOf(required(properties, "ids")), fields);
    }

    private static String required(Properties properties, String key) throws IOException {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IOException("schema file has no '" + key + "'");
        }
        return value;
    }
}
