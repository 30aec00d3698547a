package dev.annex;

import dev.annex.api.FlatSpec;
import dev.annex.api.HnswSpec;
import dev.annex.api.IndexSpec;
import dev.annex.api.IvfPqSpec;
import dev.annex.api.VectorIndex;
import dev.annex.exact.ExactIndex;
import dev.annex.format.IndexFileReader;
import dev.annex.hnsw.HnswIndex;
import dev.annex.ivf.IvfPqIndex;
import dev.annex.vector.Similarity;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The front door: creates indices from factory strings or {@link IndexSpec}s and loads saved
 * ones. The grammar of factory strings is {@link IndexSpec}'s, e.g. {@code HNSW32,efc200},
 * {@code IVF1024,PQ16x8,Rerank10} or {@code Flat}. Every index reports its spec
 * ({@link VectorIndex#spec()}), and creating from it gives an index with the same settings.
 */
public final class Indexes {

    private Indexes() {
    }

    /** An empty index for {@code dimension}-component vectors compared by {@code similarity}, as {@code factory} describes. */
    public static VectorIndex create(int dimension, Similarity similarity, String factory) {
        return create(dimension, similarity, IndexSpec.parse(factory));
    }

    /** An empty index for {@code dimension}-component vectors compared by {@code similarity}, as {@code spec} describes. */
    public static VectorIndex create(int dimension, Similarity similarity, IndexSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec is null");
        }
        return switch (spec) {
            case FlatSpec flat -> new ExactIndex(dimension, similarity, flat);
            case HnswSpec hnsw -> new HnswIndex(dimension, similarity, hnsw);
            case IvfPqSpec ivf -> new IvfPqIndex(dimension, similarity, ivf);
        };
    }

    /** Loads a saved index of any type onto the heap, verifying it completely. */
    public static VectorIndex load(Path path) throws IOException {
        return load(path, false);
    }

    /**
     * Loads a saved index of any type. With {@code mapped}, vectors are served from the file's
     * memory mapping (for indices larger than the heap; the index is then read-only but for deletes).
     */
    public static VectorIndex load(Path path, boolean mapped) throws IOException {
        return switch (IndexFileReader.peekType(path)) {
            case EXACT -> ExactIndex.load(path, mapped);
            case HNSW, HNSW_SQ8 -> HnswIndex.load(path, mapped);
            case IVF_PQ, IVF_PQ_FAST_SCAN -> IvfPqIndex.load(path, mapped);
        };
    }
}
