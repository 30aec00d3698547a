import dev.annex.server.v1.AnnexGrpc;
import dev.annex.server.v1.CreateCollectionRequest;
import dev.annex.server.v1.FieldDeclaration;
import dev.annex.server.v1.FieldType;
import dev.annex.server.v1.Hit;
import dev.annex.server.v1.IdKind;
import dev.annex.server.v1.ListCollectionsRequest;
import dev.annex.server.v1.Point;
import dev.annex.server.v1.PointId;
import dev.annex.server.v1.SearchRequest;
import dev.annex.server.v1.Similarity;
import dev.annex.server.v1.UpsertRequest;
import dev.annex.server.v1.UpsertResponse;
import dev.annex.server.v1.Value;
import dev.annex.server.v1.Vector;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Java client of the Annex recall service: bulk-loads 2,000 items over the streaming RPC into
 * a collection "java-example", searches it for a user vector excluding an item already seen, and
 * drops the collection. Run it with the server's classpath (the generated stubs and grpc-java),
 * for example through the single-file source launcher:
 *
 *     java -cp "$CLASSPATH" examples/java/SearchExample.java PORT [TOKEN]
 */
public final class SearchExample {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            AnnexGrpc.AnnexBlockingStub annex = AnnexGrpc.newBlockingStub(channel);
            AnnexGrpc.AnnexStub async = AnnexGrpc.newStub(channel);
            if (args.length > 1) {
                Metadata headers = new Metadata();
                headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + args[1]);
                annex = annex.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
                async = async.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            }
            annex.createCollection(CreateCollectionRequest.newBuilder().setName("java-example").setDimension(16)
                    .setSimilarity(Similarity.DOT).setIndexSpec("HNSW16,efc100").setIdKind(IdKind.LONG)
                    .addFields(FieldDeclaration.newBuilder().setName("shelf").setType(FieldType.KEYWORD)).build());

            CompletableFuture<UpsertResponse> loaded = new CompletableFuture<>();
            StreamObserver<UpsertRequest> upload = async.upsertStream(new StreamObserver<>() {
                public void onNext(UpsertResponse response) { loaded.complete(response); }
                public void onError(Throwable failure) { loaded.completeExceptionally(failure); }
                public void onCompleted() { }
            });
            Random random = new Random(11);
            for (int batch = 0; batch < 4; batch++) {
                UpsertRequest.Builder request = UpsertRequest.newBuilder().setCollection("java-example");
                for (int i = 0; i < 500; i++) {
                    long id = batch * 500L + i;
                    request.addPoints(Point.newBuilder().setId(PointId.newBuilder().setNumber(id)).setVector(randomVector(random))
                            .putPayload("shelf", Value.newBuilder().setKeyword("shelf-" + id % 5).build()));
                }
                upload.onNext(request.build());
            }
            upload.onCompleted();
            System.out.println("loaded " + loaded.get(60, TimeUnit.SECONDS).getUpserted() + " items");

            SearchRequest search = SearchRequest.newBuilder().setCollection("java-example").setVector(randomVector(random)).setK(3)
                    .addExcludeIds(PointId.newBuilder().setNumber(0)).setWithPayload(true).build();
            for (Hit hit : annex.search(search).getHitsList()) {
                System.out.printf("item %d score %.3f %s%n", hit.getId().getNumber(), hit.getScore(),
                        hit.getPayloadMap().get("shelf").getKeyword());
            }
            annex.dropCollection(dev.annex.server.v1.CollectionName.newBuilder().setName("java-example").build());
            System.out.println("collections left: " + annex.listCollections(ListCollectionsRequest.getDefaultInstance()).getNamesList());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Vector randomVector(Random random) {
        Vector.Builder vector = Vector.newBuilder();
        for (int j = 0; j < 16; j++) {
            vector.addValues((float) random.nextGaussian());
        }
        return vector.build();
    }
}
