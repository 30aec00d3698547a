package dev.annex.exact;

import dev.annex.api.AbstractVectorIndex;
import dev.annex.api.ExactSearchParameters;
import dev.annex.api.SearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.score.ExactScan;
import dev.annex.score.QueryScorer;
import dev.annex.store.CommonSections;
import dev.annex.store.IndexFileHeader;
import dev.annex.store.IndexFileReader;
import dev.annex.store.IndexFileWriter;
import dev.annex.store.IndexType;
import dev.annex.util.ConcurrentBitSet;
import dev.annex.util.LongHeap;
import dev.annex.util.Parallel;
import dev.annex.util.ScoredNodes;
import dev.annex.vector.HeapVectorStorage;
import dev.annex.vector.Similarity;
import dev.annex.vector.VectorStorage;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;

/**
 * Brute force: scores every vector and keeps the best k. Exact by construction, so it is the
 * oracle for recall and the ground truth of benchmarks, and the right index for small or
 * heavily filtered collections. One search splits collections of 65,536 vectors or more across
 * {@code threads} threads; {@link #searchBatch} spreads queries over them instead.
 *
 * <p>File format (after the common header of {@link IndexFileHeader}): int size, int threads,
 * the deletion section, then the vector section of {@link CommonSections}.
 */
public final class ExactIndex extends AbstractVectorIndex {

    /** Below this many vectors one search runs on the calling thread. */
    private static final int PARALLEL_THRESHOLD = 1 << 16;

    private final VectorStorage vectors;
    private final int threads;

    /** An empty index. {@code threads} (>= 1) bounds the parallelism of one search or batch. */
    public ExactIndex(int dimension, Similarity similarity, int threads) {
        this(dimension, similarity, threads, new HeapVectorStorage(dimension), new ConcurrentBitSet(0), null);
    }

    private ExactIndex(int dimension, Similarity similarity, int threads, VectorStorage vectors,
                       ConcurrentBitSet deleted, Arena mapping) {
        super(dimension, similarity, vectors.size(), deleted, mapping);
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be > 0, got " + threads);
        }
        this.vectors = vectors;
        this.threads = threads;
    }

    @Override
    protected VectorStorage vectors() {
        return vectors;
    }

    @Override
    public synchronized int add(float[] vector) {
        return store(checkedForAdd(vector));
    }

    @Override
    public synchronized int addAll(float[][] batch) {
        float[][] stored = new float[batch.length][];
        for (int i = 0; i < batch.length; i++) {
            stored[i] = checkedForAdd(batch[i]);
        }
        int first = size();
        for (float[] vector : stored) {
            store(vector);
        }
        return first;
    }

    private int store(float[] stored) {
        if (!(vectors instanceof HeapVectorStorage heap)) {
            throw new IllegalStateException("this index was loaded memory-mapped and is read-only; load it onto the heap to add");
        }
        int ordinal = allocateOrdinal();
        heap.set(ordinal, stored);
        return ordinal;
    }

    @Override
    public SearchResults search(float[] query, int k, SearchParameters parameters) {
        float[] stored = checkedQuery(query, k, parameters, ExactSearchParameters.class);
        int size = vectors.size();
        int parts = size < PARALLEL_THRESHOLD ? 1 : threads;
        SearchResults[] partial = new SearchResults[parts];
        Parallel.forRanges(parts, size, (part, from, to) -> partial[part] = scan(stored, k, parameters, from, to));
        if (parts == 1) {
            return partial[0];
        }
        LongHeap merged = new LongHeap(k * parts);
        long evaluations = 0;
        for (SearchResults results : partial) {
            evaluations += results.evaluations();
            for (int i = 0; i < results.size(); i++) {
                merged.pushBounded(ScoredNodes.pack(results.score(i), results.ordinal(i)), k);
            }
        }
        return SearchResults.fromHeap(similarity, merged, k, evaluations);
    }

    /** Answers many queries, spreading them over this index's threads; results are in query order. */
    public SearchResults[] searchBatch(float[][] queries, int k, SearchParameters parameters) {
        float[][] stored = new float[queries.length][];
        for (int q = 0; q < queries.length; q++) {
            stored[q] = checkedQuery(queries[q], k, parameters, ExactSearchParameters.class);
        }
        SearchResults[] results = new SearchResults[queries.length];
        int size = vectors.size();
        Parallel.forRanges(Math.min(threads, Math.max(1, queries.length)), queries.length, (part, from, to) -> {
            for (int q = from; q < to; q++) {
                results[q] = scan(stored[q], k, parameters, 0, size);
            }
        });
        return results;
    }

    private SearchResults scan(float[] storedQuery, int k, SearchParameters parameters, int from, int to) {
        QueryScorer scorer = QueryScorer.of(similarity, vectors, storedQuery);
        LongHeap heap = new LongHeap(k);
        ExactScan.topK(scorer, from, to, parameters.filter(), deleted, k, heap);
        return SearchResults.fromHeap(similarity, heap, k, scorer.evaluations());
    }

    @Override
    public long bytesUsed() {
        return vectors.bytesUsed() + deleted.length() / 8;
    }

    @Override
    public String factoryString() {
        return "Flat";
    }

    @Override
    public synchronized void save(Path path) throws IOException {
        checkOpen();
        int size = vectors.size();
        try (IndexFileWriter writer = new IndexFileWriter(path, new IndexFileHeader(IndexType.EXACT, similarity, dimension))) {
            writer.writeInt(size);
            writer.writeInt(threads);
            CommonSections.writeDeleted(writer, deleted, size);
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
            int threads = reader.readInt("threads", 1, 4096);
            ConcurrentBitSet deleted = CommonSections.readDeleted(reader, size);
            VectorStorage vectors = CommonSections.readVectors(reader, header.dimension(), size, mapped);
            reader.expectEnd();
            return new ExactIndex(header.dimension(), header.similarity(), threads, vectors, deleted,
                    mapped ? reader.keepMapping() : null);
        }
    }

}
