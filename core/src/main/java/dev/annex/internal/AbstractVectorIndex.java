package dev.annex.internal;

import dev.annex.api.SearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.api.VectorIndex;
import dev.annex.util.Bits;
import dev.annex.util.ConcurrentBitSet;
import dev.annex.util.Parallel;
import dev.annex.vector.Similarity;
import dev.annex.vector.VectorStorage;
import dev.annex.vector.Vectors;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What every index type shares, so each check is written once: dimension and similarity,
 * ordinal allocation, deletion marks, the read-only and closed states, validation of every
 * argument a user passes (with the messages users see), the choice between an index walk and an
 * exact scan under a filter, batch search over the index's own threads, and the rule that a
 * search racing {@link #close()} fails with the "closed" error and nothing else.
 *
 * <p>Index types implement the {@code protected abstract} steps, which receive arguments
 * already validated and in stored form.
 */
public abstract class AbstractVectorIndex implements VectorIndex {

    protected final int dimension;
    protected final Similarity similarity;
    protected final ConcurrentBitSet deleted;
    private final AtomicInteger nextOrdinal;
    private final AtomicInteger deletedCount;
    private final Arena mapping;
    private final int threads;
    private volatile boolean closed;
    private volatile ExecutorService searchThreads;

    /**
     * {@code size} ordinals exist already, {@code deleted} marks the deleted ones, {@code mapping},
     * when not null, is the memory mapping the index reads from (the index is then read-only, and
     * {@link #close()} releases the mapping), and {@code threads} bounds the parallelism of batch
     * searches.
     */
    protected AbstractVectorIndex(int dimension, Similarity similarity, int size, ConcurrentBitSet deleted, Arena mapping,
                                  int threads) {
        if (dimension <= 0 || dimension > Vectors.MAX_DIMENSION) {
            throw new IllegalArgumentException("dimension must be in [1, " + Vectors.MAX_DIMENSION + "], got " + dimension);
        }
        if (similarity == null) {
            throw new IllegalArgumentException("similarity is null");
        }
        this.dimension = dimension;
        this.similarity = similarity;
        this.deleted = deleted;
        this.nextOrdinal = new AtomicInteger(size);
        this.deletedCount = new AtomicInteger(deleted.cardinality());
        this.mapping = mapping;
        this.threads = threads;
    }

    /** The vectors in stored form (unit length for cosine), or null when the index keeps codes only. */
    protected abstract VectorStorage vectors();

    /**
     * Links one validated vector in stored form and returns its ordinal. {@code stored} may be
     * the caller's array: copy what is kept, and never write to it.
     */
    protected abstract int insert(float[] stored);

    /** Links a validated, non-empty batch in stored form (the caller's arrays, as {@link #insert}) and returns the first ordinal. */
    protected abstract int insertAll(float[][] stored);

    /** The kind of {@link SearchParameters} this index takes. */
    protected abstract Class<? extends SearchParameters> parameterType();

    /** Answers a validated search with a stored-form query; at least one live vector exists. */
    protected abstract SearchResults searchStored(float[] storedQuery, int k, SearchParameters parameters);

    /**
     * Answers one query of a batch, which already runs on the index's threads; by default as a
     * single search. An index that splits one search across threads answers on one thread here.
     */
    protected SearchResults searchStoredInBatch(float[] storedQuery, int k, SearchParameters parameters) {
        return searchStored(storedQuery, k, parameters);
    }

    /** Writes the index; the caller has checked that it is open. */
    protected abstract void write(Path path) throws IOException;

    @Override
    public final int dimension() {
        return dimension;
    }

    @Override
    public final Similarity similarity() {
        return similarity;
    }

    @Override
    public int size() {
        return vectors().size();
    }

    @Override
    public final int liveCount() {
        return size() - deletedCount.get();
    }

    @Override
    public final boolean isReadOnly() {
        return mapping != null;
    }

    private void checkTrained() {
        if (!isTrained()) {
            throw new IllegalStateException(getClass().getSimpleName()
                    + " is not trained: call train(sample) before adding or searching");
        }
    }

    @Override
    public final int add(float[] vector) {
        checkWritable();
        checkTrained();
        float[] stored = storedView(vector, "vector");
        return guarded(() -> insert(stored));
    }

    @Override
    public final int addAll(float[][] batch) {
        checkWritable();
        if (batch == null) {
            throw new IllegalArgumentException("batch is null");
        }
        checkTrained();
        float[][] stored = new float[batch.length][];
        for (int i = 0; i < batch.length; i++) {
            stored[i] = storedView(batch[i], "vector " + i + " of the batch");
        }
        return stored.length == 0 ? size() : guarded(() -> insertAll(stored));
    }

    /** Hands out the next ordinal. */
    protected final int allocateOrdinal() {
        return nextOrdinal.getAndIncrement();
    }

    /**
     * Validates {@code vector} and returns it in stored form: {@code vector} itself when that is
     * already its stored form, so only for use while the caller's call lasts; what an index
     * keeps, it copies.
     */
    protected final float[] storedView(float[] vector, String what) {
        Vectors.checkVector(vector, dimension, what);
        return Vectors.storedForm(similarity, vector, what);
    }

    @Override
    public final boolean delete(int ordinal) {
        checkOpen();
        if (ordinal < 0 || ordinal >= size()) {
            throw new IllegalArgumentException("ordinal " + ordinal + " is not in this index (size " + size() + ")");
        }
        boolean newlyDeleted = deleted.set(ordinal);
        if (newlyDeleted) {
            deletedCount.incrementAndGet();
        }
        return newlyDeleted;
    }

    @Override
    public final boolean isDeleted(int ordinal) {
        return deleted.get(ordinal);
    }

    /** The deletion marks when any vector is deleted, else null: searches skip the check entirely. */
    protected final Bits deletedOrNull() {
        return deletedCount.get() > 0 ? deleted : null;
    }

    @Override
    public final float[] vector(int ordinal) {
        checkOpen();
        if (ordinal < 0 || ordinal >= size()) {
            throw new IllegalArgumentException("ordinal " + ordinal + " is not in this index (size " + size() + ")");
        }
        VectorStorage storage = keptVectors();
        return guarded(() -> storage.copyInto(ordinal, new float[dimension]));
    }

    @Override
    public final void forEachLive(LiveVectorVisitor visitor) {
        checkOpen();
        if (visitor == null) {
            throw new IllegalArgumentException("visitor is null");
        }
        VectorStorage storage = keptVectors();
        int size = size();
        float[] buffer = new float[dimension];
        guarded(() -> {
            for (int ordinal = 0; ordinal < size; ordinal++) {
                if (!deleted.get(ordinal)) {
                    visitor.visit(ordinal, storage.copyInto(ordinal, buffer));
                }
            }
            return null;
        });
    }

    private VectorStorage keptVectors() {
        VectorStorage storage = vectors();
        if (storage == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " keeps compressed codes only, not the vectors"
                    + " (build it with a Rerank setting to keep them)");
        }
        return storage;
    }

    @Override
    public final SearchResults search(float[] query, int k, SearchParameters parameters) {
        float[] stored = checkedQuery(query, k, parameters, "query");
        checkTrained();
        return guarded(() -> liveCount() == 0 ? SearchResults.empty(similarity) : searchStored(stored, k, parameters));
    }

    @Override
    public final SearchResults[] searchBatch(float[][] queries, int k, SearchParameters parameters) {
        checkOpen();
        if (queries == null) {
            throw new IllegalArgumentException("queries are null");
        }
        float[][] stored = new float[queries.length][];
        for (int q = 0; q < queries.length; q++) {
            stored[q] = checkedQuery(queries[q], k, parameters, "query " + q + " of the batch");
        }
        checkTrained();
        SearchResults[] results = new SearchResults[queries.length];
        int parts = Math.min(threads, Math.max(1, queries.length / 4));
        guarded(() -> {
            Parallel.forRanges(parts == 1 ? null : searchThreads(), parts, queries.length, (part, from, to) -> {
                for (int q = from; q < to; q++) {
                    results[q] = liveCount() == 0 ? SearchResults.empty(similarity) : searchStoredInBatch(stored[q], k, parameters);
                }
            });
            return null;
        });
        return results;
    }

    /** The index's own threads for work split across a search or a batch; made on first use, stopped by {@link #close()}. */
    protected final ExecutorService searchThreads() {
        ExecutorService executor = searchThreads;
        if (executor == null) {
            synchronized (this) {
                checkOpen();
                executor = searchThreads;
                if (executor == null) {
                    executor = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("annex-search-", 0).factory());
                    searchThreads = executor;
                }
            }
        }
        return executor;
    }

    /** The parallelism of batch searches. */
    protected final int threads() {
        return threads;
    }

    private float[] checkedQuery(float[] query, int k, SearchParameters parameters, String what) {
        checkOpen();
        if (k <= 0) {
            throw new IllegalArgumentException("k must be > 0, got " + k);
        }
        Class<? extends SearchParameters> expected = parameterType();
        if (!expected.isInstance(parameters)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " takes " + expected.getSimpleName()
                    + ", got " + (parameters == null ? "null" : parameters.getClass().getSimpleName()));
        }
        Vectors.checkVector(query, dimension, what);
        return Vectors.storedForm(similarity, query, what);
    }

    /**
     * About how many live vectors {@code filter} admits among the first {@code size} ordinals,
     * deletions taken into account (as if independent of the filter): what a search compares with
     * the cost of walking the index to choose between the walk and an exact scan.
     */
    protected final int admittedEstimate(Bits filter, int size) {
        int live = liveCount();
        if (filter == Bits.ALL) {
            return live;
        }
        long admitted = filter.approximateCardinality(size);
        if (live < size) {
            admitted = admitted * live / Math.max(1, size);
        }
        return (int) Math.min(admitted, live);
    }

    @Override
    public final void save(Path path) throws IOException {
        checkOpen();
        if (path == null) {
            throw new IllegalArgumentException("path is null");
        }
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException("cannot save to " + path + ": it is a directory; name a file");
        }
        write(path);
    }

    /** Throws when the index was closed. */
    protected final void checkOpen() {
        if (closed) {
            throw closedError(null);
        }
    }

    /** Throws when the index was closed or is read-only. */
    protected final void checkWritable() {
        checkOpen();
        if (isReadOnly()) {
            throw new IllegalStateException("this " + getClass().getSimpleName()
                    + " was loaded memory-mapped and is read-only; load it onto the heap to add vectors");
        }
    }

    private IllegalStateException closedError(Throwable cause) {
        return new IllegalStateException(getClass().getSimpleName() + " is closed", cause);
    }

    /**
     * Runs {@code work}; when it fails because {@link #close()} ran meanwhile (an unmapped file,
     * a stopped executor), the failure becomes the same "closed" error later calls get.
     */
    protected final <T> T guarded(Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (closed) {
                throw closedError(e);
            }
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ExecutorService executor = searchThreads;
        if (executor != null) {
            executor.shutdownNow();
        }
        if (mapping != null) {
            mapping.close();
        }
    }
}
