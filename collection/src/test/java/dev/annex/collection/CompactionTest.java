package dev.annex.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.api.HnswSearchParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction renumbers the live points into a dense index while searches and writes go on:
 * no search fails or returns a deleted id, no write is lost, and afterwards (and after a reopen)
 * answers match brute force over the surviving points. Data: CollectionTest.points, seed 41.
 */
class CompactionTest {

    @TempDir
    Path dir;

    @Test
    void compactionUnderSearchesAndWritesLosesNothing() throws Exception {
        List<Point> points = CollectionTest.points(6_000, 41);
        CollectionOptions manual = CollectionOptions.DEFAULT.withCompactDeletedFraction(0);
        Set<Object> deleted = ConcurrentHashMap.newKeySet();
        try (Database database = Database.open(dir, manual)) {
            Collection items = database.create("items", CollectionTest.schema("HNSW12,efc64,threads1"));
            items.upsert(points.subList(0, 4_000));
            List<Object> doomed = new ArrayList<>();
            for (int i = 0; i < 4_000; i += 3) {
                doomed.add("item-" + i);
            }
            for (int i = 0; i < doomed.size(); i += 500) {
                items.delete(doomed.subList(i, Math.min(doomed.size(), i + 500)));
            }
            deleted.addAll(doomed);
            assertTrue(items.describe().deletedFraction() > 0.3);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread searcher = new Thread(() -> {
                int q = 0;
                while (running.get()) {
                    try {
                        // Only deletes finished before the search began must be invisible to it; the writer deletes concurrently.
                        Set<Object> deletedBefore = Set.copyOf(deleted);
                        for (Hit hit : items.search(SearchRequest.of(points.get(q++ % 4_000).vector(), 10))) {
                            if (deletedBefore.contains(hit.id())) {
                                throw new AssertionError("deleted " + hit.id() + " returned");
                            }
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }
            });
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 4_000; i < 6_000; i += 100) {
                        items.upsert(points.subList(i, i + 100));
                        List<Object> gone = List.of("item-" + (i - 3_999), "item-" + (i - 3_998));
                        items.delete(gone);
                        deleted.addAll(gone);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            searcher.start();
            writer.start();
            items.compact();
            writer.join();
            items.compact();
            running.set(false);
            searcher.join();
            if (failure.get() != null) {
                throw new AssertionError("a search or write failed during compaction", failure.get());
            }
            checkAgainstBruteForce(items, points, deleted);
            CollectionInfo info = items.describe();
            assertEquals(0.0, info.deletedFraction(), "the second compaction ran after every write");
        }
        try (Database database = Database.open(dir, manual)) {
            Collection items = database.collection("items");
            checkAgainstBruteForce(items, points, deleted);
            try (Stream<Path> files = Files.list(dir.resolve("items"))) {
                assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("maps-")).count(),
                        "replaced maps are deleted");
            }
        }
    }

    /** Past the threshold (30 % by default) a compaction starts by itself after a write, and leaves a dense index. */
    @Test
    void compactionStartsByItselfPastTheThreshold() throws Exception {
        List<Point> points = CollectionTest.points(1_000, 43);
        try (Database database = Database.open(dir, CollectionOptions.DEFAULT)) {
            Collection items = database.create("items", CollectionTest.schema("HNSW8,efc32"));
            items.upsert(points);
            List<Object> doomed = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                doomed.add("item-" + i);
            }
            items.delete(doomed);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (items.describe().deletedFraction() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            CollectionInfo info = items.describe();
            assertEquals(0.0, info.deletedFraction(), "compacted: " + info);
            assertEquals(600, info.points());
            assertTrue(!info.recovery().contains("compaction failed"), info.recovery());
            assertEquals(points.get(500).payload(), items.get(List.of("item-500")).get(0).payload());
        }
    }

    private static void checkAgainstBruteForce(Collection items, List<Point> points, Set<Object> deleted) {
        List<Point> surviving = points.stream().filter(p -> !deleted.contains(p.id())).toList();
        assertEquals(surviving.size(), items.describe().points());
        Set<Object> ids = surviving.stream().map(Point::id).collect(Collectors.toSet());
        for (int q = 0; q < 30; q++) {
            float[] query = points.get(q * 37).vector();
            List<Object> truth = surviving.stream()
                    .sorted((a, b) -> Float.compare(dot(query, b.vector()), dot(query, a.vector()))).limit(10).map(Point::id).toList();
            List<Object> found = items.search(SearchRequest.of(query, 10).withParameters(HnswSearchParameters.ef(300)))
                    .stream().map(Hit::id).toList();
            long overlap = found.stream().filter(truth::contains).count();
            assertTrue(overlap >= 9, "query " + q + ": " + overlap + " of 10");
            assertTrue(ids.containsAll(found));
        }
        assertEquals(surviving.get(5).payload(), items.get(List.of(surviving.get(5).id())).get(0).payload());
    }

    private static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
