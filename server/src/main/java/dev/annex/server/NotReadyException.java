package dev.annex.server;

/** A call that arrived while the server was still opening (and recovering) its collections: UNAVAILABLE, retry later. */
final class NotReadyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    NotReadyException(String message) {
        super(message);
    }
}
