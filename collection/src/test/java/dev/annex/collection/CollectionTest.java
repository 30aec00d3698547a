package dev.annex.collection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.api.ExactSearchParameters;
import dev.annex.api.HnswSearchParameters;
import dev.annex.vector.Similarity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Points, payloads, filters and persistence of one collection, on seeded data. */
class CollectionTest {

    static final Map<String, FieldType> FIELDS = Map.of("category", FieldType.KEYWORD, "tags", FieldType.KEYWORD_LIST,
            "price", FieldType.DOUBLE, "stock", FieldType.LONG, "active", FieldType.BOOLEAN);
    static final String[] CATEGORIES = {"books", "music", "films", "games"};

    @TempDir
    Path dir;

    static CollectionSchema schema(String spec) {
        return CollectionSchema.of(16, Similarity.DOT, spec, IdKind.STRING, FIELDS);
    }

    /** 2,000 points "item-i" with seeded vectors (seed 7) and payloads cycling through the categories. */
    static List<Point> points(int n, long seed) {
        Random random = new Random(seed);
        List<Point> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] vector = new float[16];
            for (int j = 0; j < 16; j++) {
                vector[j] = (float) random.nextGaussian();
            }
            Map<String, Object> payload = new java.util.HashMap<>(Map.of("category", CATEGORIES[i % 4],
                    "tags", List.of("t" + (i % 7), "t" + (i % 5)), "price", (double) (i % 100), "active", i % 3 != 0));
            if (i % 10 != 0) {
                payload.put("stock", (long) (i % 50));
            }
            points.add(new Point("item-" + i, vector, payload));
        }
        return points;
    }

    @Test
    void upsertGetDeleteAndReopen() throws Exception {
        List<Point> points = points(2_000, 7);
        try (Database database = Database.open(dir, CollectionOptions.DEFAULT)) {
            Collection items = database.create("items", schema("HNSW16,efc100"));
            for (int i = 0; i < points.size(); i += 500) {
                items.upsert(points.subList(i, i + 500));
            }
            float[] tripled = points.get(4).vector().clone();
            for (int j = 0; j < tripled.length; j++) {
                tripled[j] *= 3;
            }
            Point replaced = new Point("item-3", tripled, Map.of("category", "games"));
            items.upsert(List.of(replaced));
            assertEquals(1, items.delete(List.of("item-5", "item-5", "missing")));
            assertEquals(1_999, items.describe().points());
            List<Point> got = items.get(List.of("item-3", "item-5", "item-6"));
            assertArrayEquals(tripled, got.get(0).vector());
            assertEquals(Map.of("category", "games"), got.get(0).payload());
            assertNull(got.get(1));
            assertEquals(points.get(6).payload(), got.get(2).payload());
            assertEquals("item-3", items.search(SearchRequest.of(tripled, 1)).get(0).id());
        }
        try (Database database = Database.open(dir, CollectionOptions.DEFAULT)) {
            Collection items = database.collection("items");
            assertEquals(List.of("items"), database.list());
            assertEquals(1_999, items.describe().points());
            assertEquals(Map.of("category", "games"), items.get(List.of("item-3")).get(0).payload());
            assertNull(items.get(List.of("item-5")).get(0));
            assertEquals("item-3", items.search(SearchRequest.of(points.get(4).vector(), 1)).get(0).id(), "tripled dominates");
            database.drop("items");
            assertEquals(List.of(), database.list());
        }
    }

    /**
     * Filtered search equals exact search over a collection holding only the matching points, on
     * the exact index and on HNSW (filters admitting half, so the graph is walked, and a few
     * percent, so it scans), with and without excluded ids. Oracle: a Flat collection of the subset.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Flat,threads1", "HNSW16,efc200,seed3,threads1"})
    void filteredSearchEqualsSearchingOnlyTheMatchingPoints(String spec) throws Exception {
        List<Point> points = points(2_000, 11);
        Map<PayloadFilter, Predicate<Map<String, Object>>> filters = Map.of(
                PayloadFilter.equalTo("category", "books"), p -> p.get("category").equals("books"),
                PayloadFilter.and(PayloadFilter.range("price", 10, 60), PayloadFilter.not(PayloadFilter.equalTo("active", false))),
                p -> (double) p.get("price") >= 10 && (double) p.get("price") <= 60 && (boolean) p.get("active"),
                PayloadFilter.or(PayloadFilter.in("tags", "t1", "t3"), PayloadFilter.not(PayloadFilter.exists("stock"))),
                p -> ((List<?>) p.get("tags")).contains("t1") || ((List<?>) p.get("tags")).contains("t3") || !p.containsKey("stock"),
                PayloadFilter.range("stock", 5, 5), p -> Long.valueOf(5).equals(p.get("stock")));
        try (Database database = Database.open(dir, CollectionOptions.DEFAULT)) {
            Collection all = database.create("all", schema(spec));
            all.upsert(points);
            Random random = new Random(12);
            for (Map.Entry<PayloadFilter, Predicate<Map<String, Object>>> filter : filters.entrySet()) {
                List<Point> matching = points.stream().filter(p -> filter.getValue().test(p.payload())).toList();
                String name = "subset" + Math.abs(filter.getKey().hashCode() % 100_000);
                Collection subset = database.create(name, schema("Flat,threads1"));
                subset.upsert(matching);
                for (int q = 0; q < 20; q++) {
                    float[] query = points.get(random.nextInt(points.size())).vector();
                    List<Object> seen = List.of(subsetIdAt(subset, query, 0), subsetIdAt(subset, query, 3));
                    for (List<Object> excluded : List.of(List.<Object>of(), seen)) {
                        SearchRequest request = SearchRequest.of(query, 10).withFilter(filter.getKey()).excluding(excluded)
                                .includingPayload().withParameters(spec.startsWith("HNSW") ? HnswSearchParameters.ef(200) : null);
                        List<Hit> found = all.search(request);
                        List<Hit> truth = subset.search(SearchRequest.of(query, 10 + excluded.size()))
                                .stream().filter(h -> !excluded.contains(h.id())).limit(10).toList();
                        for (Hit hit : found) {
                            assertTrue(filter.getValue().test(hit.payload()), filter.getKey() + " admitted " + hit);
                            assertTrue(!excluded.contains(hit.id()), "excluded id returned: " + hit.id());
                        }
                        Set<Object> truthIds = truth.stream().map(Hit::id).collect(Collectors.toSet());
                        long overlap = found.stream().filter(h -> truthIds.contains(h.id())).count();
                        assertTrue(overlap >= truth.size() - (spec.startsWith("HNSW") ? 1 : 0),
                                spec + " " + filter.getKey() + ": " + overlap + " of " + truth.size());
                    }
                }
                database.drop(name);
            }
        }
    }

    private static Object subsetIdAt(Collection subset, float[] query, int rank) {
        List<Hit> hits = subset.search(SearchRequest.of(query, rank + 1).withParameters(ExactSearchParameters.ALL));
        return hits.get(Math.min(rank, hits.size() - 1)).id();
    }

    @Test
    void badInputIsRejectedWholeAndNamesTheValue() throws Exception {
        try (Database database = Database.open(dir, CollectionOptions.DEFAULT.withMaxBatch(100))) {
            Collection items = database.create("items", schema("HNSW8,efc32"));
            items.upsert(points(50, 3));
            float[] nan = new float[16];
            nan[2] = Float.NaN;
            List<Point> withBad = new ArrayList<>(points(10, 4));
            withBad.add(new Point("bad", nan, Map.of()));
            assertMessage(() -> items.upsert(withBad), "vector of point bad", "NaN");
            assertMessage(() -> items.upsert(List.of(new Point("x", new float[3], Map.of()))), "dimension mismatch");
            assertMessage(() -> items.upsert(List.of(new Point("x", new float[16], Map.of("colour", "red")))),
                    "payload field 'colour' is not declared");
            assertMessage(() -> items.upsert(List.of(new Point("x", new float[16], Map.of("price", "cheap")))),
                    "payload field 'price' is DOUBLE", "String cheap");
            assertMessage(() -> items.upsert(List.of(new Point(42L, new float[16], Map.of()))), "string ids", "42");
            assertMessage(() -> items.upsert(List.of(new Point("x".repeat(300), new float[16], Map.of()))), "256", "300 bytes");
            assertMessage(() -> items.upsert(points(101, 5)), "101 points exceeds the limit of 100");
            assertMessage(() -> items.search(SearchRequest.of(new float[16], 5).withFilter(PayloadFilter.equalTo("colour", "red"))),
                    "'colour', which is not declared");
            assertMessage(() -> items.search(SearchRequest.of(new float[16], 5).withFilter(PayloadFilter.range("category", 1, 2))),
                    "range filter on KEYWORD field 'category'");
            assertEquals(50, items.describe().points(), "nothing of the rejected batches was stored");
            assertMessage(() -> database.create("../escape", schema("Flat")), "collection name '../escape'");
            assertMessage(() -> database.create("items", schema("Flat")), "already exists");
            assertMessage(() -> database.collection("nope"), "unknown collection 'nope'");
            assertMessage(() -> database.create("ivf", schema("IVF4,PQ4x8")), "training sample");
        }
        Database closed = Database.open(dir, CollectionOptions.DEFAULT);
        Collection items = closed.collection("items");
        closed.close();
        IllegalStateException after = assertThrows(IllegalStateException.class, () -> items.upsert(points(1, 9)));
        assertTrue(after.getMessage().contains("closed"), after.getMessage());
    }

    @Test
    void longIdsAndIvfCollectionsWork() throws Exception {
        List<Point> points = points(1_500, 21);
        float[][] sample = points.stream().map(Point::vector).toArray(float[][]::new);
        try (Database database = Database.open(dir, CollectionOptions.DEFAULT)) {
            Collection ivf = database.create("ivf", CollectionSchema.of(16, Similarity.DOT, "IVF8,PQ4x8,Rerank8", IdKind.LONG,
                    Map.of("category", FieldType.KEYWORD)), sample);
            List<Point> numbered = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                numbered.add(new Point((long) i * 1_000_000_007L, points.get(i).vector(), Map.of("category", CATEGORIES[i % 4])));
            }
            ivf.upsert(numbered);
            assertEquals(7L * 1_000_000_007L, ivf.search(SearchRequest.of(points.get(7).vector(), 1)).get(0).id());
            assertTrue(java.nio.file.Files.exists(dir.resolve("ivf").resolve("snapshot-00000000000000000000").resolve("index.annex")),
                    "the trained empty index is kept as the first snapshot");
            assertMessage(() -> database.create("ivf2", CollectionSchema.of(16, Similarity.DOT, "IVF64,PQ4x8", IdKind.LONG, Map.of()),
                    java.util.Arrays.copyOf(sample, 10)), "nlist=64", "10");
            assertTrue(!java.nio.file.Files.exists(dir.resolve("ivf2")) && !java.nio.file.Files.exists(dir.resolve(".ivf2.creating")),
                    "a sample too small to train on leaves nothing behind");
        }
        try (Database database = Database.open(dir, CollectionOptions.DEFAULT)) {
            Collection ivf = database.collection("ivf");
            assertEquals(1_500, ivf.describe().points());
            assertEquals(7L * 1_000_000_007L, ivf.search(SearchRequest.of(points.get(7).vector(), 1)
                    .withFilter(PayloadFilter.equalTo("category", CATEGORIES[3]))).get(0).id());
        }
    }

    /** Snapshots come by time too, and the log segments they cover go; batch search equals single searches. */
    @Test
    void timedSnapshotsAndBatchSearch() throws Exception {
        CollectionOptions options = CollectionOptions.DEFAULT.withSnapshotIntervalMillis(100).withSnapshotLogBytes(0)
                .withSegmentBytes(16 << 10);
        List<Point> points = points(1_000, 17);
        try (Database database = Database.open(dir, options)) {
            Collection items = database.create("items", schema("HNSW8,efc32"));
            for (int i = 0; i < points.size(); i += 100) {
                items.upsert(points.subList(i, i + 100));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (items.describe().snapshotSeq() != items.describe().logSeq() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            CollectionInfo info = items.describe();
            assertEquals(info.logSeq(), info.snapshotSeq(), "a timed snapshot covers the whole log");
            try (java.util.stream.Stream<Path> segments = java.nio.file.Files.list(dir.resolve("items").resolve("wal"))) {
                assertEquals(1, segments.count(), "covered segments are deleted; the segment being written stays");
            }
            List<SearchRequest> requests = new ArrayList<>();
            for (int q = 0; q < 40; q++) {
                requests.add(SearchRequest.of(points.get(q).vector(), 5).withFilter(PayloadFilter.equalTo("category", CATEGORIES[q % 4])));
            }
            List<List<Hit>> batch = items.searchBatch(requests);
            for (int q = 0; q < requests.size(); q++) {
                assertEquals(items.search(requests.get(q)), batch.get(q), "request " + q);
            }
        }
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        Throwable thrown = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) {
            assertTrue(thrown.getMessage().contains(part), "'" + thrown.getMessage() + "' should mention '" + part + "'");
        }
    }
}
