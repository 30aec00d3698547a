package dev.annex.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sequences of upserts, deletes, filtered searches, snapshots, compactions and
 * close/reopen on an exact (Flat) collection, checked step by step against an in-memory map of
 * the expected points: gets and searches must match the reference exactly. The seed is in every
 * failure message; rerun one with its value in the {@code @ValueSource}.
 */
class ModelBasedTest {

    private static final String[] CATEGORIES = {"a", "b", "c"};

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void collectionBehavesLikeTheReference(long seed) throws Exception {
        try {
            run(seed);
        } catch (Throwable t) {
            throw new AssertionError("model-based run failed with seed " + seed + ": " + t.getMessage(), t);
        }
    }

    private void run(long seed) throws Exception {
        Random random = new Random(seed);
        Map<Long, Point> reference = new HashMap<>();
        CollectionOptions options = CollectionOptions.DEFAULT.withCompactDeletedFraction(0).withSnapshotLogBytes(0);
        CollectionSchema schema = CollectionSchema.of(6, dev.annex.vector.Similarity.DOT, "Flat,threads1", IdKind.LONG,
                Map.of("category", FieldType.KEYWORD, "rank", FieldType.LONG));
        Database database = Database.open(dir, options);
        Collection collection = database.create("model", schema);
        try {
            for (int step = 0; step < 300; step++) {
                int action = random.nextInt(100);
                String where = "seed " + seed + " step " + step;
                if (action < 45) {
                    List<Point> batch = new ArrayList<>();
                    for (int i = random.nextInt(20); i >= 0; i--) {
                        long id = random.nextInt(150);
                        float[] vector = new float[6];
                        for (int j = 0; j < 6; j++) {
                            vector[j] = (float) random.nextGaussian();
                        }
                        Map<String, Object> payload = random.nextBoolean()
                                ? Map.of("category", CATEGORIES[random.nextInt(3)], "rank", (long) random.nextInt(10))
                                : Map.of("category", CATEGORIES[random.nextInt(3)]);
                        batch.add(new Point(id, vector, payload));
                    }
                    collection.upsert(batch);
                    batch.forEach(point -> reference.put((Long) point.id(), point));
                } else if (action < 65) {
                    List<Long> ids = new ArrayList<>();
                    for (int i = random.nextInt(10); i >= 0; i--) {
                        ids.add((long) random.nextInt(150));
                    }
                    int expected = (int) ids.stream().distinct().filter(reference::containsKey).count();
                    assertEquals(expected, collection.delete(ids), where + " delete count");
                    ids.forEach(reference::remove);
                } else if (action < 90) {
                    checkSearch(collection, reference, random, where);
                } else if (action < 94) {
                    collection.snapshot();
                } else if (action < 97) {
                    collection.compact();
                } else {
                    database.close();
                    database = Database.open(dir, options);
                    collection = database.collection("model");
                }
                if (step % 25 == 0) {
                    checkGets(collection, reference, where);
                }
            }
            checkGets(collection, reference, "seed " + seed + " end");
        } finally {
            database.close();
        }
    }

    private static void checkSearch(Collection collection, Map<Long, Point> reference, Random random, String where) {
        float[] query = new float[6];
        for (int j = 0; j < 6; j++) {
            query[j] = (float) random.nextGaussian();
        }
        String category = CATEGORIES[random.nextInt(3)];
        long rank = random.nextInt(10);
        List<Object> excluded = List.of((long) random.nextInt(150));
        PayloadFilter filter;
        Predicate<Point> admits;
        switch (random.nextInt(4)) {
            case 0 -> {
                filter = null;
                admits = p -> true;
            }
            case 1 -> {
                filter = PayloadFilter.equalTo("category", category);
                admits = p -> p.payload().get("category").equals(category);
            }
            case 2 -> {
                filter = PayloadFilter.and(PayloadFilter.exists("rank"), PayloadFilter.range("rank", null, rank));
                admits = p -> p.payload().containsKey("rank") && (Long) p.payload().get("rank") <= rank;
            }
            default -> {
                filter = PayloadFilter.or(PayloadFilter.not(PayloadFilter.exists("rank")), PayloadFilter.in("category", category, "a"));
                admits = p -> !p.payload().containsKey("rank") || p.payload().get("category").equals(category)
                        || p.payload().get("category").equals("a");
            }
        }
        int k = 1 + random.nextInt(12);
        List<Object> expected = reference.values().stream().filter(admits).filter(p -> !excluded.contains(p.id()))
                .sorted(Comparator.comparingDouble((Point p) -> -dot(query, p.vector()))).limit(k).map(Point::id).toList();
        List<Object> found = collection.search(SearchRequest.of(query, k).withFilter(filter).excluding(excluded))
                .stream().map(Hit::id).toList();
        assertEquals(expected, found, where + " search " + filter);
    }

    private static void checkGets(Collection collection, Map<Long, Point> reference, String where) {
        List<Long> ids = new ArrayList<>();
        for (long id = 0; id < 150; id++) {
            ids.add(id);
        }
        List<Point> stored = collection.get(ids);
        for (int i = 0; i < ids.size(); i++) {
            Point expected = reference.get(ids.get(i));
            Point actual = stored.get(i);
            if (expected == null) {
                assertEquals(null, actual, where + " id " + ids.get(i) + " should be absent");
            } else {
                assertEquals(expected.payload(), actual.payload(), where + " payload of " + ids.get(i));
                assertEquals(java.util.Arrays.toString(expected.vector()), java.util.Arrays.toString(actual.vector()),
                        where + " vector of " + ids.get(i));
            }
        }
        assertEquals(reference.size(), collection.describe().points(), where + " live count");
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
