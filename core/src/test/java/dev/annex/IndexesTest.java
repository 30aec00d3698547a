package dev.annex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.api.FlatSpec;
import dev.annex.api.HnswSpec;
import dev.annex.api.VectorIndex;
import dev.annex.exact.ExactIndex;
import dev.annex.format.CorruptIndexException;
import dev.annex.hnsw.HnswIndex;
import dev.annex.vector.Similarity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexesTest {

    @Test
    void factoryStringsBuildTheDescribedIndexAndRoundTrip() {
        HnswIndex hnsw = (HnswIndex) Indexes.create(8, Similarity.L2, "HNSW32,efc300,seed7,threads3");
        assertEquals(new HnswSpec(32, 300, 7L, 3), hnsw.spec());
        assertEquals("HNSW32,efc300,seed7,threads3", hnsw.factoryString());
        HnswIndex again = (HnswIndex) Indexes.create(8, Similarity.L2, hnsw.factoryString());
        assertEquals(hnsw.factoryString(), again.factoryString());
        assertEquals(HnswSpec.DEFAULT.efConstruction(), ((HnswIndex) Indexes.create(8, Similarity.L2, "hnsw16")).spec().efConstruction());
        VectorIndex flat = Indexes.create(8, Similarity.COSINE, "Flat");
        assertInstanceOf(ExactIndex.class, flat);
        assertEquals(FlatSpec.defaults(), flat.spec());
        assertEquals("Flat,threads" + FlatSpec.defaults().threads(), flat.factoryString());
    }

    @Test
    void badFactoryStringsNameTheProblem() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Indexes.create(8, Similarity.L2, "LSH9"));
        assertTrue(unknown.getMessage().contains("lsh9"), unknown.getMessage());
        IllegalArgumentException setting = assertThrows(IllegalArgumentException.class,
                () -> Indexes.create(8, Similarity.L2, "HNSW16,ef9"));
        assertTrue(setting.getMessage().contains("ef9"), setting.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> Indexes.create(8, Similarity.L2, "HNSW1"));
        assertTrue(range.getMessage().contains("M must be in [2, 512], got 1"), range.getMessage());
    }

    @Test
    void loadDispatchesOnTheFileType(@TempDir Path dir) throws Exception {
        VectorIndex flat = Indexes.create(2, Similarity.L2, "Flat");
        flat.add(new float[] {1, 2});
        flat.save(dir.resolve("flat.annex"));
        VectorIndex hnsw = Indexes.create(2, Similarity.L2, "HNSW4,efc8");
        hnsw.add(new float[] {1, 2});
        hnsw.save(dir.resolve("hnsw.annex"));
        assertInstanceOf(ExactIndex.class, Indexes.load(dir.resolve("flat.annex")));
        assertInstanceOf(HnswIndex.class, Indexes.load(dir.resolve("hnsw.annex"), true));
        Files.writeString(dir.resolve("text.annex"), "not an index at all");
        CorruptIndexException e = assertThrows(CorruptIndexException.class, () -> Indexes.load(dir.resolve("text.annex")));
        assertTrue(e.getMessage().contains("text.annex"), e.getMessage());
    }
}
