package dev.annex.collection;

/** A batch larger than {@link CollectionOptions#maxBatch()}: split it, or raise the limit. */
public final class BatchTooLargeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    BatchTooLargeException(String message) {
        super(message);
    }
}
