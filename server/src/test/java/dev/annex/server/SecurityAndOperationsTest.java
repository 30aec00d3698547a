package dev.annex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.server.v1.AnnexGrpc;
import dev.annex.server.v1.CollectionName;
import dev.annex.server.v1.ListCollectionsRequest;
import dev.annex.server.v1.SearchRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS with a certificate the test makes, Prometheus metrics over HTTP, and the concurrency limit. */
class SecurityAndOperationsTest {

    @TempDir
    Path dir;

    /** A self-signed certificate for localhost/127.0.0.1 made with the JDK's keytool, written as PEM. */
    private Path[] selfSigned() throws Exception {
        Path store = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "annex", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertEquals(0, process.waitFor(), new String(process.getInputStream().readAllBytes()));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        Path certificate = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        Files.writeString(certificate, pem("CERTIFICATE", keys.getCertificate("annex").getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", keys.getKey("annex", "changeit".toCharArray()).getEncoded()));
        return new Path[] {certificate, key};
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    @Test
    void tlsServesClientsThatTrustItsCertificateAndRefusesPlaintext() throws Exception {
        Path[] pem = selfSigned();
        try (AnnexServer server = AnnexServer.start(ServerOptions.defaults(0, dir.resolve("data")).withTls(pem[0], pem[1])
                .withAuthToken("t0ken"))) {
            ManagedChannel secure = NettyChannelBuilder.forAddress("localhost", server.port())
                    .sslContext(GrpcSslContexts.forClient().trustManager(pem[0].toFile()).build()).build();
            ManagedChannel plain = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            try {
                assertEquals(0, AnnexGrpc.newBlockingStub(secure).withInterceptors(AnnexServerTest.bearer("t0ken"))
                        .listCollections(ListCollectionsRequest.getDefaultInstance()).getNamesCount());
                AnnexServerTest.assertStatus(Status.Code.UNAVAILABLE, "", () -> AnnexGrpc.newBlockingStub(plain)
                        .withDeadlineAfter(5, TimeUnit.SECONDS).listCollections(ListCollectionsRequest.getDefaultInstance()));
            } finally {
                secure.shutdownNow();
                plain.shutdownNow();
            }
        }
    }

    @Test
    void metricsCountCallsByMethodAndCodeAndDescribeCollections() throws Exception {
        try (AnnexServer server = AnnexServer.start(ServerOptions.defaults(0, dir).withMetricsPort(0))) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            try {
                AnnexGrpc.AnnexBlockingStub annex = AnnexGrpc.newBlockingStub(channel);
                annex.createCollection(AnnexServerTest.items("items"));
                annex.upsert(AnnexServerTest.points("items", 0, 50));
                for (int i = 0; i < 3; i++) {
                    annex.search(SearchRequest.newBuilder().setCollection("items").setVector(AnnexServerTest.vector(1, 0, 0, 0)).setK(3)
                            .build());
                }
                AnnexServerTest.assertStatus(Status.Code.NOT_FOUND, "", () -> annex.describeCollection(
                        CollectionName.newBuilder().setName("nope").build()));
            } finally {
                channel.shutdownNow();
            }
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsPort()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(text.contains("annex_grpc_calls_total{code=\"OK\",method=\"Search\"} 3.0"), text);
            assertTrue(text.contains("annex_grpc_calls_total{code=\"NOT_FOUND\",method=\"DescribeCollection\"} 1.0"), text);
            assertTrue(text.contains("annex_collection_points{collection=\"items\"} 50.0"), text);
            assertTrue(text.contains("annex_grpc_call_seconds_count{code=\"OK\",method=\"Search\"} 3"), text);
        }
    }
}
