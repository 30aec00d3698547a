package dev.annex.api;

import dev.annex.vector.Similarity;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An index of float vectors that answers top-k queries. Vectors are identified by the ordinal
 * {@link #add} returns (0, 1, 2, ... in order of addition); mapping them to external ids is the
 * caller's business. Searches may run from many threads while adds and deletes run.
 */
public interface VectorIndex extends AutoCloseable {

    /** Components per vector. */
    int dimension();

    /** How vectors are compared. */
    Similarity similarity();

    /** Number of ordinals handed out, deleted ones included. */
    int size();

    /** Number of vectors that searches can return. */
    int liveCount();

    /** Adds a vector and returns its ordinal. The vector is copied; NaN, infinities and a wrong dimension are rejected. */
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

    /** The best {@code k} vectors for {@code query} under {@code parameters}, best first. */
    SearchResults search(float[] query, int k, SearchParameters parameters);

    /** Memory this index occupies, vectors included, in bytes. */
    long bytesUsed();

    /** The factory string that creates an empty index with these settings (see {@code dev.annex.Indexes}). */
    String factoryString();

    /** Writes the index to {@code path} atomically: readers see the old file or the complete new one. */
    void save(Path path) throws IOException;

    /** Releases memory and mappings; later calls fail with {@link IllegalStateException}. */
    @Override
    void close();
}
