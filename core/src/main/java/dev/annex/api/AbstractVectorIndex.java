package dev.annex.api;

import dev.annex.util.ConcurrentBitSet;
import dev.annex.vector.Similarity;
import dev.annex.vector.VectorStorage;
import dev.annex.vector.Vectors;
import java.lang.foreign.Arena;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every index type shares: dimension and similarity, ordinal allocation, deletion marks,
 * the closed state, and the argument checks whose messages users see. Index types extend it
 * and add their structure and search.
 */
public abstract class AbstractVectorIndex implements VectorIndex {

    protected final int dimension;
    protected final Similarity similarity;
    protected final ConcurrentBitSet deleted;
    private final AtomicInteger nextOrdinal;
    private final AtomicInteger deletedCount;
    private final Arena mapping;
    private volatile boolean closed;

    /**
     * {@code size} ordinals exist already, {@code deleted} marks the deleted ones, and {@code mapping},
     * when not null, is the memory mapping the index reads from; {@link #close()} releases it.
     */
    protected AbstractVectorIndex(int dimension, Similarity similarity, int size, ConcurrentBitSet deleted, Arena mapping) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be > 0, got " + dimension);
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
    }

    /** The vectors, in stored form (unit length for cosine). */
    protected abstract VectorStorage vectors();

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

    /** Whether any vector has been deleted; lets searches skip the deletion check entirely. */
    protected final boolean hasDeletions() {
        return deletedCount.get() > 0;
    }

    @Override
    public final boolean isDeleted(int ordinal) {
        return deleted.get(ordinal);
    }

    /** Validates a vector to add and returns its stored form. */
    protected final float[] checkedForAdd(float[] vector) {
        checkOpen();
        Vectors.checkVector(vector, dimension, "vector");
        float[] stored = Vectors.storedForm(similarity, vector, "vector");
        return stored == vector ? vector.clone() : stored;
    }

    /** Hands out the next ordinal. */
    protected final int allocateOrdinal() {
        return nextOrdinal.getAndIncrement();
    }

    /** Validates a search's arguments and returns the query in stored form. */
    protected final float[] checkedQuery(float[] query, int k, SearchParameters parameters,
                                         Class<? extends SearchParameters> expected) {
        checkOpen();
        if (k <= 0) {
            throw new IllegalArgumentException("k must be > 0, got " + k);
        }
        if (!expected.isInstance(parameters)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " takes " + expected.getSimpleName()
                    + ", got " + (parameters == null ? "null" : parameters.getClass().getSimpleName()));
        }
        Vectors.checkVector(query, dimension, "query");
        return Vectors.storedForm(similarity, query, "query");
    }

    /** Throws when the index was closed. */
    protected final void checkOpen() {
        if (closed) {
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (mapping != null) {
            mapping.close();
        }
    }
}
