package dev.annex.server;

import dev.annex.collection.Database;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC recall service over a {@link Database}: the Annex RPCs, standard health checking
 * (NOT_SERVING while the collections are opened and recovered, with Annex calls answered
 * UNAVAILABLE meanwhile, and again while shutting down) and server reflection, on a bounded executor, with optional bearer-token authentication and TLS.
 * {@link #close()} drains calls in flight, then snapshots and closes every collection.
 */
public final class AnnexServer implements AutoCloseable {

    private final ServerOptions options;
    private final HealthStatusManager health = new HealthStatusManager();
    private final ExecutorService executor;
    private volatile Database database;
    private Server server;
    private Metrics metrics;

    private AnnexServer(ServerOptions options) {
        this.options = options;
        this.executor = new ThreadPoolExecutor(options.threads(), options.threads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(64, options.maxConcurrentCalls())),
                Thread.ofPlatform().daemon().name("annex-grpc-", 0).factory());
    }

    /** Binds the port, opens (and recovers) the database, then reports SERVING. */
    public static AnnexServer start(ServerOptions options) throws IOException {
        AnnexServer annex = new AnnexServer(options);
        try {
            annex.startServing();
        } catch (IOException | RuntimeException e) {
            annex.close();
            throw e;
        }
        return annex;
    }

    private void startServing() throws IOException {
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(options.host(), options.port()))
                .executor(executor).maxInboundMessageSize(options.maxMessageBytes());
        if (options.tlsCertificate() != null) {
            builder.sslContext(GrpcSslContexts.forServer(options.tlsCertificate().toFile(), options.tlsKey().toFile()).build());
        }
        builder.addService(health.getHealthService());
        builder.addService(ProtoReflectionServiceV1.newInstance());
        builder.intercept(Interceptors.concurrencyLimit(options.maxConcurrentCalls()));
        if (options.metricsPort() >= 0) {
            metrics = new Metrics(options.host(), options.metricsPort(), () -> database);
            builder.intercept(metrics.interceptor());
        }
        if (options.authToken() != null) {
            // Added last, so it runs first: a call without the token never takes a concurrency permit.
            builder.intercept(Interceptors.bearerToken(options.authToken()));
        }
        builder.addService(new AnnexService(() -> database));
        // Listen first, so that health checks see NOT_SERVING (and calls UNAVAILABLE) while the collections recover.
        server = builder.build().start();
        database = Database.open(options.dataDirectory(), options.collections());
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        health.setStatus("annex.v1.Annex", ServingStatus.SERVING);
    }

    /** The port the server listens on (the one chosen when 0 was asked for). */
    public int port() {
        return server.getPort();
    }

    /** The port of the metrics endpoint, or -1 when there is none. */
    public int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    /** Blocks until the server has shut down. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops taking calls, lets those in flight finish (up to 30 s), then snapshots and closes every collection. */
    @Override
    public synchronized void close() {
        health.enterTerminalState();
        if (server != null) {
            server.shutdown();
            try {
                if (!server.awaitTermination(30, TimeUnit.SECONDS)) {
                    server.shutdownNow();
                }
            } catch (InterruptedException e) {
                server.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        executor.shutdown();
        if (metrics != null) {
            metrics.close();
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
