package dev.annex.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One call with four interests equals a reference merge of four separate searches (exact index, seed 31). */
class MultiInterestTest {

    @TempDir
    Path dir;

    @Test
    void mergeEqualsSeparateSearchesMerged() throws Exception {
        List<Point> points = CollectionTest.points(3_000, 31);
        try (Database database = Database.open(dir, CollectionOptions.DEFAULT)) {
            Collection items = database.create("items", CollectionTest.schema("Flat,threads1"));
            items.upsert(points);
            List<Interest> interests = List.of(new Interest(points.get(1).vector(), 1.0f, 20),
                    new Interest(points.get(2).vector(), 0.5f, 10), new Interest(points.get(1).vector(), 0.25f, 5),
                    new Interest(points.get(77).vector(), 2.0f, 15));
            SearchRequest request = SearchRequest.of(new float[16], 25).withFilter(PayloadFilter.equalTo("active", true))
                    .excluding(List.of("item-1"));
            List<Hit> merged = items.searchInterests(interests, request);

            Map<Object, Float> best = new HashMap<>();
            Map<Object, List<Integer>> foundBy = new HashMap<>();
            for (int i = 0; i < interests.size(); i++) {
                Interest interest = interests.get(i);
                for (Hit hit : items.search(SearchRequest.of(interest.vector(), interest.quota()).withFilter(request.filter())
                        .excluding(request.excludeIds()))) {
                    best.merge(hit.id(), interest.weight() * hit.score(), Math::max);
                    foundBy.computeIfAbsent(hit.id(), id -> new ArrayList<>()).add(i);
                }
            }
            List<Object> expected = best.entrySet().stream()
                    .sorted(Map.Entry.<Object, Float>comparingByValue(Comparator.reverseOrder())).limit(25).map(Map.Entry::getKey).toList();
            assertEquals(expected, merged.stream().map(Hit::id).toList());
            for (Hit hit : merged) {
                assertEquals(best.get(hit.id()), hit.score());
                assertEquals(foundBy.get(hit.id()), hit.interests(), "attribution of " + hit.id());
            }
            org.junit.jupiter.api.Assertions.assertTrue(merged.stream().anyMatch(h -> h.interests().containsAll(List.of(0, 2))),
                    "interests 0 and 2 share a vector, so some hit is attributed to both");
            assertThrows(IllegalArgumentException.class, () -> items.searchInterests(List.of(), request));
            assertThrows(IllegalArgumentException.class, () -> new Interest(new float[16], 0f, 3));
        }
    }
}
