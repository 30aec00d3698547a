/**
 * The gRPC recall service over the collection store: {@link dev.annex.server.AnnexServer}
 * (bootstrap, health, reflection, TLS, graceful shutdown), the thin service mapping each RPC of
 * {@code annex/v1/annex.proto} onto the store, the one status mapper, the interceptors (bearer
 * token, concurrency limit, metrics) and the command-line launcher. Generated message and stub
 * classes live in {@code dev.annex.server.v1}.
 */
package dev.annex.server;
