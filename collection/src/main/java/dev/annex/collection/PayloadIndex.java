package dev.annex.collection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.RoaringBitmap;

/**
 * In-memory postings of the payload fields, over live ordinals: per keyword (and keyword-list
 * element) and per boolean value a bitmap; per numeric field a sorted map from value to bitmap;
 * per field the bitmap of points that have it. A filter is evaluated by combining bitmaps, so
 * its cost follows the matching postings, not the collection size. Writers hold the write lock
 * for one point's update; filter evaluation holds the read lock.
 */
final class PayloadIndex {

    private final CollectionSchema schema;
    private final Map<String, Map<Object, RoaringBitmap>> exact = new HashMap<>();
    private final Map<String, NavigableMap<Double, RoaringBitmap>> numeric = new HashMap<>();
    private final Map<String, RoaringBitmap> present = new HashMap<>();
    private final RoaringBitmap live = new RoaringBitmap();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    PayloadIndex(CollectionSchema schema) {
        this.schema = schema;
        for (Map.Entry<String, FieldType> field : schema.fields().entrySet()) {
            present.put(field.getKey(), new RoaringBitmap());
            if (field.getValue() == FieldType.LONG || field.getValue() == FieldType.DOUBLE) {
                numeric.put(field.getKey(), new TreeMap<>());
            } else {
                exact.put(field.getKey(), new HashMap<>());
            }
        }
    }

    void add(int ordinal, Map<String, Object> payload) {
        lock.writeLock().lock();
        try {
            live.add(ordinal);
            for (Map.Entry<String, Object> field : payload.entrySet()) {
                present.get(field.getKey()).add(ordinal);
                for (Object key : keys(field.getKey(), field.getValue())) {
                    postings(field.getKey(), key).add(ordinal);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    void remove(int ordinal, Map<String, Object> payload) {
        lock.writeLock().lock();
        try {
            live.remove(ordinal);
            for (Map.Entry<String, Object> field : payload.entrySet()) {
                present.get(field.getKey()).remove(ordinal);
                for (Object key : keys(field.getKey(), field.getValue())) {
                    RoaringBitmap postings = postings(field.getKey(), key);
                    postings.remove(ordinal);
                    if (postings.isEmpty()) {
                        if (numeric.containsKey(field.getKey())) {
                            numeric.get(field.getKey()).remove(key);
                        } else {
                            exact.get(field.getKey()).remove(key);
                        }
                    }
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private List<?> keys(String field, Object value) {
        return switch (schema.typeOf(field)) {
            case KEYWORD_LIST -> (List<?>) value;
            case LONG, DOUBLE -> List.of(((Number) value).doubleValue());
            default -> List.of(value);
        };
    }

    private RoaringBitmap postings(String field, Object key) {
        if (numeric.containsKey(field)) {
            return numeric.get(field).computeIfAbsent((Double) key, k -> new RoaringBitmap());
        }
        return exact.get(field).computeIfAbsent(key, k -> new RoaringBitmap());
    }

    /** The live ordinals {@code filter} matches, as a new bitmap. */
    RoaringBitmap evaluate(PayloadFilter filter) {
        lock.readLock().lock();
        try {
            return matching(filter);
        } finally {
            lock.readLock().unlock();
        }
    }

    private RoaringBitmap matching(PayloadFilter filter) {
        return switch (filter) {
            case PayloadFilter.Equals equals -> lookup(equals.field(), equals.value());
            case PayloadFilter.In in -> {
                RoaringBitmap union = new RoaringBitmap();
                for (Object value : in.values()) {
                    union.or(lookup(in.field(), value));
                }
                yield union;
            }
            case PayloadFilter.Range range -> range(range);
            case PayloadFilter.Exists exists -> {
                declared(exists.field());
                yield present.get(exists.field()).clone();
            }
            case PayloadFilter.Not not -> RoaringBitmap.andNot(live, matching(not.filter()));
            case PayloadFilter.And and -> {
                if (and.filters().isEmpty()) {
                    yield live.clone();
                }
                RoaringBitmap result = matching(and.filters().get(0));
                for (int i = 1; i < and.filters().size() && !result.isEmpty(); i++) {
                    result.and(matching(and.filters().get(i)));
                }
                yield result;
            }
            case PayloadFilter.Or or -> {
                RoaringBitmap result = new RoaringBitmap();
                for (PayloadFilter part : or.filters()) {
                    result.or(matching(part));
                }
                yield result;
            }
        };
    }

    private FieldType declared(String field) {
        FieldType type = schema.typeOf(field);
        if (type == null) {
            throw new IllegalArgumentException("filter names payload field '" + field + "', which is not declared; declared: "
                    + schema.fields().keySet());
        }
        return type;
    }

    private RoaringBitmap lookup(String field, Object value) {
        FieldType type = declared(field);
        Object key = switch (type) {
            case KEYWORD, KEYWORD_LIST -> value instanceof String ? value : null;
            case BOOLEAN -> value instanceof Boolean ? value : null;
            case LONG, DOUBLE -> value instanceof Number number ? number.doubleValue() : null;
        };
        if (key == null) {
            throw new IllegalArgumentException("filter compares " + type + " field '" + field + "' with "
                    + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
        }
        RoaringBitmap postings = numeric.containsKey(field) ? numeric.get(field).get(key) : exact.get(field).get(key);
        return postings == null ? new RoaringBitmap() : postings.clone();
    }

    private RoaringBitmap range(PayloadFilter.Range range) {
        FieldType type = declared(range.field());
        if (type != FieldType.LONG && type != FieldType.DOUBLE) {
            throw new IllegalArgumentException("range filter on " + type + " field '" + range.field() + "'; ranges take LONG or DOUBLE fields");
        }
        double min = range.min() == null ? Double.NEGATIVE_INFINITY : range.min().doubleValue();
        double max = range.max() == null ? Double.POSITIVE_INFINITY : range.max().doubleValue();
        if (!(min <= max)) {
            throw new IllegalArgumentException("range filter on '" + range.field() + "' has min " + range.min() + " > max " + range.max());
        }
        return RoaringBitmap.or(numeric.get(range.field()).subMap(min, true, max, true).values().iterator());
    }
}
