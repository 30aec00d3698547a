package dev.annex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.server.v1.AnnexGrpc;
import dev.annex.server.v1.CreateCollectionRequest;
import dev.annex.server.v1.DeleteRequest;
import dev.annex.server.v1.GetRequest;
import dev.annex.server.v1.IdKind;
import dev.annex.server.v1.ListCollectionsRequest;
import dev.annex.server.v1.Point;
import dev.annex.server.v1.PointId;
import dev.annex.server.v1.SearchRequest;
import dev.annex.server.v1.Similarity;
import dev.annex.server.v1.UpsertRequest;
import dev.annex.server.v1.Vector;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients on loopback at once, and the limits: mixed upserts, searches and deletes from 12
 * clients (each owning its ids, seed 100+client) end with no error and a state whose searches
 * equal brute force; calls beyond the concurrency limit, messages beyond the size limit and
 * calls after shutdown get their status codes.
 */
class LoadTest {

    @TempDir
    Path dir;

    @Test
    void concurrentMixedClientsLeaveAConsistentState() throws Exception {
        try (AnnexServer server = AnnexServer.start(ServerOptions.defaults(0, dir))) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            AnnexGrpc.AnnexBlockingStub annex = AnnexGrpc.newBlockingStub(channel);
            annex.createCollection(CreateCollectionRequest.newBuilder().setName("load").setDimension(8).setSimilarity(Similarity.L2)
                    .setIndexSpec("Flat").setIdKind(IdKind.LONG).build());
            Map<Long, float[]> expected = new ConcurrentHashMap<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger calls = new AtomicInteger();
            Thread[] clients = new Thread[12];
            for (int c = 0; c < clients.length; c++) {
                int client = c;
                clients[c] = new Thread(() -> {
                    Random random = new Random(100 + client);
                    try {
                        for (int op = 0; op < 60; op++) {
                            long id = client * 1_000L + random.nextInt(40);
                            int action = random.nextInt(3);
                            if (action == 0) {
                                float[] vector = randomVector(random);
                                annex.upsert(UpsertRequest.newBuilder().setCollection("load").addPoints(Point.newBuilder()
                                        .setId(PointId.newBuilder().setNumber(id)).setVector(vector(vector))).build());
                                expected.put(id, vector);
                            } else if (action == 1) {
                                annex.delete(DeleteRequest.newBuilder().setCollection("load")
                                        .addIds(PointId.newBuilder().setNumber(id)).build());
                                expected.remove(id);
                            } else {
                                annex.search(SearchRequest.newBuilder().setCollection("load").setVector(vector(randomVector(random)))
                                        .setK(5).build());
                            }
                            calls.incrementAndGet();
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                });
                clients[c].start();
            }
            for (Thread client : clients) {
                client.join();
            }
            assertEquals(null, failure.get(), "a client failed");
            assertEquals(12 * 60, calls.get());
            Random queries = new Random(9);
            for (int q = 0; q < 20; q++) {
                float[] query = randomVector(queries);
                List<Long> truth = expected.entrySet().stream()
                        .sorted(Comparator.comparingDouble(e -> distance(query, e.getValue()))).limit(5).map(Map.Entry::getKey).toList();
                List<Long> found = new ArrayList<>();
                annex.search(SearchRequest.newBuilder().setCollection("load").setVector(vector(query)).setK(5).build())
                        .getHitsList().forEach(hit -> found.add(hit.getId().getNumber()));
                assertEquals(truth, found, "query " + q);
            }
            assertEquals(expected.size(), annex.get(GetRequest.newBuilder().setCollection("load").addAllIds(expected.keySet().stream()
                    .map(id -> PointId.newBuilder().setNumber(id).build()).toList()).build()).getPointsCount());
            channel.shutdownNow();
        }
    }

    @Test
    void messageSizeLimitAndShutdownHaveTheirStatusCodes() throws Exception {
        ServerOptions options = new ServerOptions("127.0.0.1", 0, dir, 4, 64 << 10, 2, null, null, null, -1,
                dev.annex.collection.CollectionOptions.DEFAULT);
        AnnexServer server = AnnexServer.start(options);
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        AnnexGrpc.AnnexBlockingStub annex = AnnexGrpc.newBlockingStub(channel);
        annex.createCollection(AnnexServerTest.items("items"));
        AnnexServerTest.assertStatus(Status.Code.RESOURCE_EXHAUSTED, "", () -> annex.upsert(AnnexServerTest.points("items", 0, 3_000)));

        Thread closer = new Thread(server::close);
        closer.start();
        closer.join();
        AnnexServerTest.assertStatus(Status.Code.UNAVAILABLE, "", () -> annex.withDeadlineAfter(5, TimeUnit.SECONDS)
                .listCollections(ListCollectionsRequest.getDefaultInstance()));
        channel.shutdownNow();
    }

    /** Two calls held inside a service hold both permits of a limit of two; a third is refused at once, a fourth after them passes. */
    @Test
    void theConcurrencyLimitRefusesCallsBeyondIt() throws Exception {
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        io.grpc.health.v1.HealthGrpc.HealthImplBase slow = new io.grpc.health.v1.HealthGrpc.HealthImplBase() {
            @Override
            public void check(io.grpc.health.v1.HealthCheckRequest request,
                              io.grpc.stub.StreamObserver<io.grpc.health.v1.HealthCheckResponse> response) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                response.onNext(io.grpc.health.v1.HealthCheckResponse.getDefaultInstance());
                response.onCompleted();
            }
        };
        io.grpc.Server server = io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(
                new java.net.InetSocketAddress("127.0.0.1", 0)).addService(slow).intercept(Interceptors.concurrencyLimit(2)).build().start();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        try {
            io.grpc.health.v1.HealthGrpc.HealthFutureStub health = io.grpc.health.v1.HealthGrpc.newFutureStub(channel);
            var first = health.check(io.grpc.health.v1.HealthCheckRequest.getDefaultInstance());
            var second = health.check(io.grpc.health.v1.HealthCheckRequest.getDefaultInstance());
            assertTrue(entered.await(10, TimeUnit.SECONDS), "both calls are inside the service");
            AnnexServerTest.assertStatus(Status.Code.RESOURCE_EXHAUSTED, "too many concurrent requests (limit 2)",
                    () -> io.grpc.health.v1.HealthGrpc.newBlockingStub(channel).check(io.grpc.health.v1.HealthCheckRequest.getDefaultInstance()));
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            io.grpc.health.v1.HealthGrpc.newBlockingStub(channel).check(io.grpc.health.v1.HealthCheckRequest.getDefaultInstance());
        } finally {
            channel.shutdownNow();
            server.shutdownNow();
        }
    }

    private static float[] randomVector(Random random) {
        float[] vector = new float[8];
        for (int j = 0; j < 8; j++) {
            vector[j] = (float) random.nextGaussian();
        }
        return vector;
    }

    private static Vector vector(float[] values) {
        Vector.Builder builder = Vector.newBuilder();
        for (float value : values) {
            builder.addValues(value);
        }
        return builder.build();
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return sum;
    }
}
