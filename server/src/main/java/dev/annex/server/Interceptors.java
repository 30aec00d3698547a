package dev.annex.server;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.Semaphore;

/** The server's interceptors: bearer-token authentication and a bound on concurrent calls. */
final class Interceptors {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String HEALTH_SERVICE = "grpc.health.v1.Health";

    private Interceptors() {
    }

    /**
     * Rejects every call but health checks unless it carries {@code authorization: Bearer <token>};
     * the comparison takes the same time wherever the tokens differ.
     */
    static ServerInterceptor bearerToken(String token) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                if (HEALTH_SERVICE.equals(call.getMethodDescriptor().getServiceName())) {
                    return next.startCall(call, headers);
                }
                String presented = headers.get(AUTHORIZATION);
                if (presented == null || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
                    call.close(Status.UNAUTHENTICATED.withDescription(presented == null
                            ? "missing 'authorization: Bearer <token>' header" : "wrong bearer token"), new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                return next.startCall(call, headers);
            }
        };
    }

    /** Answers RESOURCE_EXHAUSTED, at once, to calls beyond {@code limit} running at the same time. */
    static ServerInterceptor concurrencyLimit(int limit) {
        Semaphore permits = new Semaphore(limit);
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                if (!permits.tryAcquire()) {
                    call.close(Status.RESOURCE_EXHAUSTED.withDescription("too many concurrent requests (limit " + limit + ")"),
                            new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                ServerCall.Listener<Q> delegate;
                try {
                    delegate = next.startCall(call, headers);
                } catch (RuntimeException e) {
                    permits.release();
                    throw e;
                }
                return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
                    private boolean released;

                    private void release() {
                        if (!released) {
                            released = true;
                            permits.release();
                        }
                    }

                    @Override
                    public void onComplete() {
                        release();
                        super.onComplete();
                    }

                    @Override
                    public void onCancel() {
                        release();
                        super.onCancel();
                    }
                };
            }
        };
    }
}
