package dev.annex.collection;

/** A collection name that the database does not hold. */
public final class UnknownCollectionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    UnknownCollectionException(String message) {
        super(message);
    }
}
