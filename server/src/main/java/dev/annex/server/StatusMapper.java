package dev.annex.server;

import dev.annex.collection.BatchTooLargeException;
import dev.annex.collection.CollectionExistsException;
import dev.annex.collection.UnknownCollectionException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures become gRPC statuses. Messages say what was wrong and the value;
 * no stack trace reaches a client (unexpected failures are logged here and answered INTERNAL).
 */
final class StatusMapper {

    private static final Logger LOG = Logger.getLogger(StatusMapper.class.getName());

    private StatusMapper() {
    }

    static StatusRuntimeException toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        Status status = switch (failure) {
            case UnknownCollectionException e -> Status.NOT_FOUND;
            case CollectionExistsException e -> Status.ALREADY_EXISTS;
            case BatchTooLargeException e -> Status.RESOURCE_EXHAUSTED;
            case NotReadyException e -> Status.UNAVAILABLE;
            case IllegalArgumentException e -> Status.INVALID_ARGUMENT;
            case IllegalStateException e when String.valueOf(e.getMessage()).contains("closed") -> Status.UNAVAILABLE;
            default -> {
                LOG.log(Level.WARNING, "unexpected failure answering a call", failure);
                yield Status.INTERNAL.withDescription("internal error: " + failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
            }
        };
        return (status.getDescription() == null ? status.withDescription(failure.getMessage()) : status).asRuntimeException();
    }
}
