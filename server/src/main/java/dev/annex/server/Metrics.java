package dev.annex.server;

import dev.annex.collection.CollectionInfo;
import dev.annex.collection.Database;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Prometheus metrics on their own port (text format at {@code /metrics}): calls and their
 * latency per RPC and status code, and per collection its points, deleted fraction, log bytes
 * and the log and snapshot sequence numbers.
 */
final class Metrics implements AutoCloseable {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter calls = Counter.builder().name("annex_grpc_calls").help("Calls answered, by RPC and status code")
            .labelNames("method", "code").register(registry);
    private final Histogram latency = Histogram.builder().name("annex_grpc_call_seconds")
            .help("Time from a call's start to its status, by RPC and status code").labelNames("method", "code").register(registry);
    private final HTTPServer http;

    /** Serves the metrics of {@code database} (read at each scrape) on {@code host:port}. */
    Metrics(String host, int port, Supplier<Database> database) throws IOException {
        collectionGauge("annex_collection_points", "Live points", database, CollectionInfo::points);
        collectionGauge("annex_collection_deleted_fraction", "Share of the index held by deleted points", database,
                CollectionInfo::deletedFraction);
        collectionGauge("annex_collection_log_bytes", "Write-ahead log bytes on disk", database, CollectionInfo::logBytes);
        collectionGauge("annex_collection_log_seq", "Sequence number of the last log record", database, CollectionInfo::logSeq);
        collectionGauge("annex_collection_snapshot_seq", "Log sequence number the last snapshot covers", database,
                CollectionInfo::snapshotSeq);
        http = HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart();
    }

    private void collectionGauge(String name, String help, Supplier<Database> database,
                                 java.util.function.ToDoubleFunction<CollectionInfo> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("collection").callback(callback -> {
            Database current = database.get();
            if (current == null) {
                return;
            }
            forEachCollection(current, info -> callback.call(value.applyAsDouble(info), info.name()));
        }).register(registry);
    }

    private static void forEachCollection(Database database, Consumer<CollectionInfo> visitor) {
        try {
            for (String name : database.list()) {
                visitor.accept(database.collection(name).describe());
            }
        } catch (RuntimeException e) {
            // A collection dropped or a database closing during the scrape: report what was read.
        }
    }

    /** The port the metrics are served on. */
    int port() {
        return http.getPort();
    }

    /** Counts every call and times it, by method and final status. */
    ServerInterceptor interceptor() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                long start = System.nanoTime();
                String method = call.getMethodDescriptor().getBareMethodName();
                return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                    @Override
                    public void close(Status status, Metadata trailers) {
                        String code = status.getCode().name();
                        calls.labelValues(method, code).inc();
                        latency.labelValues(method, code).observe((System.nanoTime() - start) / 1e9);
                        super.close(status, trailers);
                    }
                }, headers);
            }
        };
    }

    @Override
    public void close() {
        http.close();
    }
}
