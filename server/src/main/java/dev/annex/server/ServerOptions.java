package dev.annex.server;

import dev.annex.collection.CollectionOptions;
import java.nio.file.Path;

/**
 * How the server runs.
 *
 * @param host               address to bind (loopback unless told otherwise)
 * @param port               port to listen on (0: any free port)
 * @param dataDirectory      the database directory
 * @param threads            threads answering calls
 * @param maxMessageBytes    largest request accepted
 * @param maxConcurrentCalls calls running at once before RESOURCE_EXHAUSTED
 * @param authToken          bearer token every call but health checks must carry; null for none
 * @param tlsCertificate     PEM certificate chain for TLS, with {@code tlsKey}; null for plaintext
 * @param tlsKey             PEM private key (PKCS#8) for TLS
 * @param metricsPort        port of the Prometheus metrics endpoint (on {@code host}); -1 for none, 0 for any free port
 * @param collections        storage settings of every collection
 */
public record ServerOptions(String host, int port, Path dataDirectory, int threads, int maxMessageBytes, int maxConcurrentCalls,
                            String authToken, Path tlsCertificate, Path tlsKey, int metricsPort, CollectionOptions collections) {

    public ServerOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (dataDirectory == null) {
            throw new IllegalArgumentException("a data directory is required");
        }
        if (threads < 1 || maxMessageBytes < 1024 || maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("threads >= 1, max message bytes >= 1024 and max concurrent calls >= 1 required, got "
                    + threads + ", " + maxMessageBytes + ", " + maxConcurrentCalls);
        }
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a key, got certificate " + tlsCertificate
                    + " and key " + tlsKey);
        }
        if (metricsPort < -1 || metricsPort > 65_535) {
            throw new IllegalArgumentException("metrics port must be -1 (none) or in [0, 65535], got " + metricsPort);
        }
        if (authToken != null && authToken.isBlank()) {
            throw new IllegalArgumentException("the auth token is blank");
        }
    }

    /**
     * Loopback, the given port and directory, as many threads as processors, 64 MiB messages,
     * 256 concurrent calls, no auth, no TLS, no metrics endpoint.
     */
    public static ServerOptions defaults(int port, Path dataDirectory) {
        return new ServerOptions("127.0.0.1", port, dataDirectory, Runtime.getRuntime().availableProcessors(), 64 << 20, 256, null,
                null, null, -1, CollectionOptions.DEFAULT);
    }

    public ServerOptions withAuthToken(String token) {
        return new ServerOptions(host, port, dataDirectory, threads, maxMessageBytes, maxConcurrentCalls, token, tlsCertificate, tlsKey,
                metricsPort, collections);
    }

    public ServerOptions withTls(Path certificate, Path key) {
        return new ServerOptions(host, port, dataDirectory, threads, maxMessageBytes, maxConcurrentCalls, authToken, certificate, key,
                metricsPort, collections);
    }

    public ServerOptions withMetricsPort(int newMetricsPort) {
        return new ServerOptions(host, port, dataDirectory, threads, maxMessageBytes, maxConcurrentCalls, authToken, tlsCertificate,
                tlsKey, newMetricsPort, collections);
    }

    public ServerOptions withMaxConcurrentCalls(int calls) {
        return new ServerOptions(host, port, dataDirectory, threads, maxMessageBytes, calls, authToken, tlsCertificate, tlsKey,
                metricsPort, collections);
    }
}
