package dev.annex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.server.v1.AnnexGrpc;
import dev.annex.server.v1.CollectionName;
import dev.annex.server.v1.CreateCollectionRequest;
import dev.annex.server.v1.DeleteRequest;
import dev.annex.server.v1.Equals;
import dev.annex.server.v1.FieldDeclaration;
import dev.annex.server.v1.FieldType;
import dev.annex.server.v1.Filter;
import dev.annex.server.v1.GetRequest;
import dev.annex.server.v1.IdKind;
import dev.annex.server.v1.Interest;
import dev.annex.server.v1.ListCollectionsRequest;
import dev.annex.server.v1.Point;
import dev.annex.server.v1.PointId;
import dev.annex.server.v1.Range;
import dev.annex.server.v1.SearchBatchRequest;
import dev.annex.server.v1.SearchInterestsRequest;
import dev.annex.server.v1.SearchRequest;
import dev.annex.server.v1.SearchResponse;
import dev.annex.server.v1.Similarity;
import dev.annex.server.v1.UpsertRequest;
import dev.annex.server.v1.UpsertResponse;
import dev.annex.server.v1.Value;
import dev.annex.server.v1.Vector;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every RPC and its error codes, against a server on a real loopback port. */
class AnnexServerTest {

    @TempDir
    Path dir;
    private AnnexServer server;
    private ManagedChannel channel;

    private AnnexGrpc.AnnexBlockingStub start(ServerOptions options) throws Exception {
        server = AnnexServer.start(options);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        return AnnexGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    static CreateCollectionRequest items(String name) {
        return CreateCollectionRequest.newBuilder().setName(name).setDimension(4).setSimilarity(Similarity.DOT)
                .setIndexSpec("HNSW8,efc32").setIdKind(IdKind.STRING)
                .addFields(FieldDeclaration.newBuilder().setName("category").setType(FieldType.KEYWORD))
                .addFields(FieldDeclaration.newBuilder().setName("price").setType(FieldType.DOUBLE)).build();
    }

    static Vector vector(float... values) {
        Vector.Builder builder = Vector.newBuilder();
        for (float value : values) {
            builder.addValues(value);
        }
        return builder.build();
    }

    static PointId id(String text) {
        return PointId.newBuilder().setText(text).build();
    }

    /** 300 points "p-i", seed 5; category "even"/"odd", price i. */
    static UpsertRequest points(String collection, int from, int to) {
        Random random = new Random(5 + from);
        UpsertRequest.Builder request = UpsertRequest.newBuilder().setCollection(collection);
        for (int i = from; i < to; i++) {
            request.addPoints(Point.newBuilder().setId(id("p-" + i))
                    .setVector(vector(random.nextFloat(), random.nextFloat(), random.nextFloat(), random.nextFloat()))
                    .putPayload("category", Value.newBuilder().setKeyword(i % 2 == 0 ? "even" : "odd").build())
                    .putPayload("price", Value.newBuilder().setDoubleValue(i).build()));
        }
        return request.build();
    }

    @Test
    void everyRpcAnswersOnARealPort() throws Exception {
        AnnexGrpc.AnnexBlockingStub annex = start(ServerOptions.defaults(0, dir));
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
        assertEquals(4, annex.createCollection(items("items")).getDimension());
        assertEquals(300, annex.upsert(points("items", 0, 300)).getUpserted());
        assertEquals(java.util.List.of("items"), annex.listCollections(ListCollectionsRequest.getDefaultInstance()).getNamesList());
        assertEquals(300, annex.describeCollection(CollectionName.newBuilder().setName("items").build()).getPoints());

        SearchRequest query = SearchRequest.newBuilder().setCollection("items").setVector(vector(1, 0, 0, 0)).setK(5)
                .setFilter(Filter.newBuilder().setEquals(Equals.newBuilder().setField("category")
                        .setValue(Value.newBuilder().setKeyword("even"))))
                .addExcludeIds(id("p-0")).setWithPayload(true).build();
        SearchResponse found = annex.search(query);
        assertEquals(5, found.getHitsCount());
        found.getHitsList().forEach(hit -> {
            assertEquals("even", hit.getPayloadMap().get("category").getKeyword());
            assertTrue(!hit.getId().getText().equals("p-0"));
        });
        assertEquals(found, annex.searchBatch(SearchBatchRequest.newBuilder().addSearches(query).addSearches(query).build())
                .getResults(1));
        SearchResponse interests = annex.searchInterests(SearchInterestsRequest.newBuilder().setSearch(query.toBuilder().clearVector())
                .addInterests(Interest.newBuilder().setVector(vector(1, 0, 0, 0)).setWeight(1).setQuota(5))
                .addInterests(Interest.newBuilder().setVector(vector(0, 1, 0, 0)).setWeight(0.5f).setQuota(5)).build());
        assertEquals(5, interests.getHitsCount());
        assertTrue(interests.getHits(0).getInterestsCount() >= 1);

        assertEquals(1, annex.get(GetRequest.newBuilder().setCollection("items").addIds(id("p-7")).addIds(id("nope")).build())
                .getPointsCount());
        assertEquals(2, annex.delete(DeleteRequest.newBuilder().setCollection("items").addIds(id("p-1")).addIds(id("p-3")).build())
                .getDeleted());
        assertEquals(10, annex.delete(DeleteRequest.newBuilder().setCollection("items").setFilter(Filter.newBuilder()
                .setRange(Range.newBuilder().setField("price").setMin(100).setMax(109))).build()).getDeleted());
        assertEquals(288, annex.describeCollection(CollectionName.newBuilder().setName("items").build()).getPoints());

        CompletableFuture<UpsertResponse> streamed = new CompletableFuture<>();
        StreamObserver<UpsertRequest> upload = AnnexGrpc.newStub(channel).upsertStream(observer(streamed));
        for (int from = 300; from < 1_300; from += 100) {
            upload.onNext(points("items", from, from + 100));
        }
        upload.onCompleted();
        assertEquals(1_000, streamed.get(30, TimeUnit.SECONDS).getUpserted());
        assertEquals(1_288, annex.describeCollection(CollectionName.newBuilder().setName("items").build()).getPoints());
        annex.dropCollection(CollectionName.newBuilder().setName("items").build());
        assertEquals(0, annex.listCollections(ListCollectionsRequest.getDefaultInstance()).getNamesCount());
    }

    @Test
    void errorsMapToStatusCodesWithTheValue() throws Exception {
        AnnexGrpc.AnnexBlockingStub annex = start(ServerOptions.defaults(0, dir));
        annex.createCollection(items("items"));
        assertStatus(Status.Code.ALREADY_EXISTS, "already exists", () -> annex.createCollection(items("items")));
        assertStatus(Status.Code.NOT_FOUND, "unknown collection 'other'",
                () -> annex.describeCollection(CollectionName.newBuilder().setName("other").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "collection name '../x'", () -> annex.createCollection(items("../x")));
        assertStatus(Status.Code.INVALID_ARGUMENT, "dimension mismatch", () -> annex.upsert(UpsertRequest.newBuilder()
                .setCollection("items").addPoints(Point.newBuilder().setId(id("a")).setVector(vector(1, 2))).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "NaN", () -> annex.upsert(UpsertRequest.newBuilder().setCollection("items")
                .addPoints(Point.newBuilder().setId(id("a")).setVector(vector(1, Float.NaN, 0, 0))).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "k must be > 0", () -> annex.search(SearchRequest.newBuilder()
                .setCollection("items").setVector(vector(1, 0, 0, 0)).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "'colour', which is not declared", () -> annex.search(SearchRequest.newBuilder()
                .setCollection("items").setVector(vector(1, 0, 0, 0)).setK(3).setFilter(Filter.newBuilder().setEquals(
                        Equals.newBuilder().setField("colour").setValue(Value.newBuilder().setKeyword("red")))).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "payload field 'price' is DOUBLE", () -> annex.upsert(UpsertRequest.newBuilder()
                .setCollection("items").addPoints(Point.newBuilder().setId(id("a")).setVector(vector(1, 0, 0, 0))
                        .putPayload("price", Value.newBuilder().setKeyword("cheap").build())).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "point id is not set", () -> annex.upsert(UpsertRequest.newBuilder()
                .setCollection("items").addPoints(Point.newBuilder().setVector(vector(1, 0, 0, 0))).build()));
        assertStatus(Status.Code.RESOURCE_EXHAUSTED, "exceeds the limit of 10000", () -> annex.upsert(points("items", 0, 10_001)));
        assertStatus(Status.Code.DEADLINE_EXCEEDED, "", () -> annex.withDeadlineAfter(1, TimeUnit.NANOSECONDS)
                .listCollections(ListCollectionsRequest.getDefaultInstance()));
        assertEquals(0, annex.describeCollection(CollectionName.newBuilder().setName("items").build()).getPoints(),
                "nothing of the rejected batches was written");
    }

    @Test
    void withAuthEveryCallButHealthNeedsTheToken() throws Exception {
        AnnexGrpc.AnnexBlockingStub annex = start(ServerOptions.defaults(0, dir).withAuthToken("s3cret"));
        assertEquals(HealthCheckResponse.ServingStatus.SERVING,
                HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus());
        assertStatus(Status.Code.UNAUTHENTICATED, "missing", () -> annex.listCollections(ListCollectionsRequest.getDefaultInstance()));
        assertStatus(Status.Code.UNAUTHENTICATED, "wrong bearer token", () -> annex.withInterceptors(bearer("guess"))
                .listCollections(ListCollectionsRequest.getDefaultInstance()));
        assertEquals(0, annex.withInterceptors(bearer("s3cret")).listCollections(ListCollectionsRequest.getDefaultInstance())
                .getNamesCount());
    }

    /** Upserts over gRPC survive a stop and a start of the server on the same directory. */
    @Test
    void dataSurvivesARestart() throws Exception {
        AnnexGrpc.AnnexBlockingStub annex = start(ServerOptions.defaults(0, dir));
        annex.createCollection(items("items"));
        annex.upsert(points("items", 0, 200));
        SearchResponse before = annex.search(SearchRequest.newBuilder().setCollection("items").setVector(vector(0, 1, 0, 0)).setK(7)
                .build());
        stop();
        annex = start(ServerOptions.defaults(0, dir));
        assertEquals(200, annex.describeCollection(CollectionName.newBuilder().setName("items").build()).getPoints());
        assertEquals(before, annex.search(SearchRequest.newBuilder().setCollection("items").setVector(vector(0, 1, 0, 0)).setK(7)
                .build()));
    }

    /** While the database is still being opened, calls are UNAVAILABLE with a message saying so. */
    @Test
    void callsBeforeTheCollectionsAreOpenAreUnavailable() throws Exception {
        io.grpc.Server opening = io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(
                new java.net.InetSocketAddress("127.0.0.1", 0)).addService(new AnnexService(() -> null)).build().start();
        ManagedChannel early = NettyChannelBuilder.forAddress("127.0.0.1", opening.getPort()).usePlaintext().build();
        try {
            assertStatus(Status.Code.UNAVAILABLE, "still opening its collections", () -> AnnexGrpc.newBlockingStub(early)
                    .listCollections(ListCollectionsRequest.getDefaultInstance()));
        } finally {
            early.shutdownNow();
            opening.shutdownNow();
        }
    }

    static io.grpc.ClientInterceptor bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(Interceptors.AUTHORIZATION, "Bearer " + token);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    static <T> StreamObserver<T> observer(CompletableFuture<T> result) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    static void assertStatus(Status.Code code, String part, org.junit.jupiter.api.function.Executable call) {
        StatusRuntimeException thrown = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, thrown.getStatus().getCode(), thrown.getStatus().toString());
        String description = String.valueOf(thrown.getStatus().getDescription());
        assertTrue(description.contains(part), "'" + description + "' should mention '" + part + "'");
    }
}
