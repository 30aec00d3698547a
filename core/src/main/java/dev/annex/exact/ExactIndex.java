package dev.annex.exact;

import dev.annex.api.ExactSearchParameters;
import dev.annex.api.FlatSpec;
import dev.annex.api.SearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.format.CommonSections;
import dev.annex.format.IndexFileHeader;
import dev.annex.format.IndexFileReader;
import dev.annex.format.IndexFileWriter;
import dev.annex.format.IndexType;
import dev.annex.internal.AbstractVectorIndex;
import dev.annex.internal.Results;
import dev.annex.score.ExactScan;
import dev.annex.score.QueryScorer;
import dev.annex.util.ConcurrentBitSet;
import dev.annex.util.LongHeap;
import dev.annex.util.Parallel;
import dev.annex.vector.HeapVectorStorage;
import dev.annex.vector.Similarity;
import dev.annex.vector.VectorStorage;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;

/**
 * Brute force: scores every vector and keeps the best k. Exact by construction, so it is the
 * oracle for recall and the ground truth of benchmarks, and the right index for small or
 * heavily filtered collections. One search of 65,536 vectors or more is split across the
 * index's own threads (started once, stopped by {@link #close()}); {@link #searchBatch} spreads
 * queries over them instead.
 *
 * <p>File format (after the common header of {@link IndexFileHeader}): int size, int threads,
 * the deletion section, then the vector section of {@link CommonSections}.
 */
public final class ExactIndex extends AbstractVectorIndex {

    /** Below this many vectors one search runs on the calling thread. */
    private static final int PARALLEL_THRESHOLD = 1 << 16;

    private final FlatSpec spec;
    private final VectorStorage vectors;

    /** An empty index; {@code spec.threads()} bounds the parallelism of one search or batch. */
    public ExactIndex(int dimension, Similarity similarity, FlatSpec spec) {
        this(dimension, similarity, spec, new HeapVectorStorage(dimension), new ConcurrentBitSet(0), null);
    }

    private ExactIndex(int dimension, Similarity similarity, FlatSpec spec, VectorStorage vectors,
                       ConcurrentBitSet deleted, Arena mapping) {
        super(dimension, similarity, vectors.size(), deleted, mapping, spec.threads());
        this.spec = spec;
        this.vectors = vectors;
    }

    @Override
    public FlatSpec spec() {
        return spec;
    }

    @Override
    protected VectorStorage vectors() {
        return vectors;
    }

    @Override
    protected synchronized int insert(float[] stored) {
        int ordinal = allocateOrdinal();
        ((HeapVectorStorage) vectors).set(ordinal, stored);
        return ordinal;
    }

    @Override
    protected synchronized int insertAll(float[][] stored) {
        int first = size();
        for (float[] vector : stored) {
            insert(vector);
        }
        return first;
    }

    @Override
    protected Class<? extends SearchParameters> parameterType() {
        return ExactSearchParameters.class;
    }

    @Override
    protected SearchResults searchStored(float[] storedQuery, int k, SearchParameters parameters) {
        return scan(storedQuery, k, parameters, vectors.size() < PARALLEL_THRESHOLD ? 1 : threads());
    }

    /** Queries of a batch are already spread over the threads: each scans on its own. */
    @Override
    protected SearchResults searchStoredInBatch(float[] storedQuery, int k, SearchParameters parameters) {
        return scan(storedQuery, k, parameters, 1);
    }

    private SearchResults scan(float[] storedQuery, int k, SearchParameters parameters, int parts) {
        int size = vectors.size();
        int capacity = Results.heapCapacity(k, liveCount());
        if (parts == 1) {
            QueryScorer scorer = QueryScorer.of(similarity, vectors, storedQuery);
            LongHeap heap = new LongHeap(capacity);
            ExactScan.topK(scorer, 0, size, parameters.filter(), deletedOrNull(), k, heap);
            return Results.fromHeap(similarity, heap, k, scorer.evaluations(), true);
        }
        LongHeap[] heaps = new LongHeap[parts];
        long[] evaluations = new long[parts];
        Parallel.forRanges(searchThreads(), parts, size, (part, from, to) -> {
            QueryScorer scorer = QueryScorer.of(similarity, vectors, storedQuery);
            heaps[part] = new LongHeap(capacity);
            ExactScan.topK(scorer, from, to, parameters.filter(), deletedOrNull(), k, heaps[part]);
            evaluations[part] = scorer.evaluations();
        });
        LongHeap merged = heaps[0];
        long total = evaluations[0];
        for (int part = 1; part < parts; part++) {
            total += evaluations[part];
            for (int i = 0; i < heaps[part].size(); i++) {
                merged.pushBounded(heaps[part].get(i), k);
            }
        }
        return Results.fromHeap(similarity, merged, k, total, true);
    }

    @Override
    public long bytesUsed() {
        return vectors.bytesUsed() + deleted.capacity() / 8;
    }

    @Override
    protected synchronized void write(Path path) throws IOException {
        int size = vectors.size();
        try (IndexFileWriter writer = new IndexFileWriter(path, new IndexFileHeader(IndexType.EXACT, similarity, dimension))) {
            writer.writeInt(size);
            writer.writeInt(spec.threads());
            CommonSections.writeDeleted(writer, this::isDeleted, size);
            CommonSections.writeVectors(writer, vectors, size);
            writer.commit();
        }
    }

    /**
     * Loads an index saved by {@link #save}. With {@code mapped}, vectors stay in the file's
     * memory mapping (the index is then read-only except for deletes); otherwise they are copied
     * onto the heap.
     */
    public static ExactIndex load(Path path, boolean mapped) throws IOException {
        try (IndexFileReader reader = IndexFileReader.open(path, IndexType.EXACT)) {
            IndexFileHeader header = reader.header();
            int size = reader.readInt("size", 0, Integer.MAX_VALUE);
            int threads = reader.readInt();
            FlatSpec spec = reader.checked(() -> new FlatSpec(threads));
            ConcurrentBitSet deleted = CommonSections.readDeleted(reader, size);
            VectorStorage vectors = CommonSections.readVectors(reader, header.dimension(), size, mapped);
            reader.expectEnd();
            return new ExactIndex(header.dimension(), header.similarity(), spec, vectors, deleted,
                    mapped ? reader.keepMapping() : null);
        }
    }
}
