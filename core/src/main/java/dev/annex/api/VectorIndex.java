package dev.annex.api;

import dev.annex.vector.Similarity;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An index of float vectors that answers top-k queries. Vectors are identified by the ordinal
 * {@link #add} returns (0, 1, 2, ... in order of addition); mapping them to external ids is the
 * caller's business. Searches may run from many threads while adds and deletes run.
 *
 * <p>Bad input (a wrong dimension, NaN or infinite components, a vector whose squared norm
 * does not fit a float, k ≤ 0, the wrong parameter type) throws {@link IllegalArgumentException}
 * naming the value, and changes nothing stored. After {@link #close()} every method but
 * {@link #close()} throws {@link IllegalStateException}.
 */
public interface VectorIndex extends AutoCloseable {

    /** Components per vector. */
    int dimension();

    /** How vectors are compared. */
    Similarity similarity();

    /** What this index is and how it was built; {@code Indexes.create(d, s, spec().toString())} makes an empty twin. */
    IndexSpec spec();

    /** The factory string of {@link #spec()}. */
    default String factoryString() {
        return spec().toString();
    }

    /** Number of ordinals handed out, deleted ones included. */
    int size();

    /** Number of vectors that searches can return. */
    int liveCount();

    /** Whether the index is ready for adds; only indices that learn from data (IVF-PQ) start untrained. */
    default boolean isTrained() {
        return true;
    }

    /**
     * Learns what the index needs from {@code sample} before vectors are added (IVF-PQ: coarse
     * centroids and codebooks); indices that need no training ignore it.
     */
    default void train(float[][] sample) {
    }

    /** Adds a vector and returns its ordinal. The vector is copied. */
    int add(float[] vector);

    /**
     * Adds many vectors and returns the ordinal of the first; the rest follow consecutively.
     * Every vector is validated before any is added, so a bad one leaves the index unchanged.
     */
    int addAll(float[][] batch);

    /** Marks {@code ordinal} deleted so no search returns it; returns false when it already was. */
    boolean delete(int ordinal);

    /** Whether {@code ordinal} was deleted. */
    boolean isDeleted(int ordinal);

    /**
     * A copy of the stored vector of {@code ordinal} (unit length for {@link Similarity#COSINE}).
     * Indices that keep only compressed codes throw {@link IllegalStateException}.
     */
    float[] vector(int ordinal);

    /**
     * Calls {@code visitor} with every live ordinal, ascending, and its stored vector: what a
     * fresh index is rebuilt from when deleted space is reclaimed. The array passed is reused
     * between calls; copy it to keep it. Indices that keep only codes throw {@link IllegalStateException}.
     */
    void forEachLive(LiveVectorVisitor visitor);

    /** Receives one live vector of {@link #forEachLive}. */
    @FunctionalInterface
    interface LiveVectorVisitor {
        void visit(int ordinal, float[] storedVector);
    }

    /**
     * The best {@code min(k, admitted live vectors)} vectors for {@code query} under
     * {@code parameters}, best first. An empty index returns no results.
     */
    SearchResults search(float[] query, int k, SearchParameters parameters);

    /**
     * Answers many queries with the same settings, spread over the index's threads; results are
     * in query order. Every query is validated before any is searched.
     */
    SearchResults[] searchBatch(float[][] queries, int k, SearchParameters parameters);

    /** Memory this index occupies, vectors included, in bytes. */
    long bytesUsed();

    /** Whether adds are refused: an index loaded memory-mapped serves searches and deletes only. */
    boolean isReadOnly();

    /** Writes the index to {@code path} atomically: readers see the old file or the complete new one. */
    void save(Path path) throws IOException;

    /**
     * Releases memory, mappings and threads. Searches in flight either finish or fail with the
     * same "closed" {@link IllegalStateException} as later calls.
     */
    @Override
    void close();
}
