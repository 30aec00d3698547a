package dev.annex.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.annex.vector.Similarity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded-database example of README.md, kept compiling and correct. Keep the two in step. */
class ReadmeCollectionExampleTest {

    @Test
    void readmeExample(@TempDir Path dir) throws Exception {
        // --- README collection example start
        try (Database database = Database.open(dir.resolve("recall-db"), CollectionOptions.DEFAULT)) {
            Collection items = database.create("items", CollectionSchema.of(3, Similarity.DOT, "HNSW16,efc200", IdKind.STRING,
                    Map.of("category", FieldType.KEYWORD, "price", FieldType.DOUBLE)));
            items.upsert(List.of(
                    new Point("sku-1", new float[] {0.1f, 0.9f, 0.0f}, Map.of("category", "books", "price", 12.5)),
                    new Point("sku-2", new float[] {2.0f, 0.1f, 0.3f}, Map.of("category", "music", "price", 30.0)),
                    new Point("sku-3", new float[] {0.5f, 0.5f, 0.5f}, Map.of("category", "books", "price", 8.0))));

            List<Hit> hits = items.search(SearchRequest.of(new float[] {1f, 0f, 0f}, 2)
                    .withFilter(PayloadFilter.range("price", 5, 20))     // only affordable items
                    .excluding(List.of("sku-3"))                          // already seen
                    .includingPayload());
            hits.forEach(hit -> System.out.println(hit.id() + " " + hit.score() + " " + hit.payload()));
        }
        // --- README collection example end
        try (Database database = Database.open(dir.resolve("recall-db"), CollectionOptions.DEFAULT)) {
            List<Hit> hits = database.collection("items").search(SearchRequest.of(new float[] {1f, 0f, 0f}, 2)
                    .withFilter(PayloadFilter.range("price", 5, 20)).excluding(List.of("sku-3")).includingPayload());
            assertEquals(1, hits.size());
            assertEquals("sku-1", hits.get(0).id());
            assertEquals("books", hits.get(0).payload().get("category"));
        }
    }
}
