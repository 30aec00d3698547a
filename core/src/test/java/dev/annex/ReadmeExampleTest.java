package dev.annex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.annex.api.HnswSearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.api.VectorIndex;
import dev.annex.util.Bits;
import dev.annex.vector.Similarity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage example of README.md, kept compiling and correct. Keep the two in step. */
class ReadmeExampleTest {

    @Test
    void readmeExample(@TempDir Path dir) throws Exception {
        // --- README example start
        VectorIndex index = Indexes.create(3, Similarity.DOT, "HNSW16,efc200");
        index.add(new float[] {0.1f, 0.9f, 0.0f});   // ordinal 0
        index.add(new float[] {2.0f, 0.1f, 0.3f});   // ordinal 1
        index.add(new float[] {0.5f, 0.5f, 0.5f});   // ordinal 2

        Bits notSeen = Bits.allExcept(1);             // the user has already seen item 1
        SearchResults top = index.search(new float[] {1f, 0f, 0f}, 2, new HnswSearchParameters(64, notSeen));
        for (int i = 0; i < top.size(); i++) {
            System.out.println(top.ordinal(i) + " scores " + top.score(i));
        }

        index.save(dir.resolve("items.annex"));
        try (VectorIndex loaded = Indexes.load(dir.resolve("items.annex"))) {
            assert loaded.search(new float[] {1f, 0f, 0f}, 1, HnswSearchParameters.ef(64)).ordinal(0) == 1;
        }
        // --- README example end
        index.add(new float[] {3f, 0f, 0f});          // ordinal 3, added after the filter was made
        assertEquals(3, index.search(new float[] {1f, 0f, 0f}, 1, new HnswSearchParameters(64, notSeen)).ordinal(0),
                "a deny-list admits items added after it was made");
        assertEquals(2, top.ordinal(0));
        assertEquals(0, top.ordinal(1));
        assertEquals(0.5f, top.score(0), 1e-6f);
    }
}
