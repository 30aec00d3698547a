package dev.annex.collection;

/** A collection name that is already taken. */
public final class CollectionExistsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    CollectionExistsException(String message) {
        super(message);
    }
}
