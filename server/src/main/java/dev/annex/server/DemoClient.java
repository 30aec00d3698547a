package dev.annex.server;

import dev.annex.server.v1.AnnexGrpc;
import dev.annex.server.v1.Equals;
import dev.annex.server.v1.Filter;
import dev.annex.server.v1.Hit;
import dev.annex.server.v1.PointId;
import dev.annex.server.v1.SearchRequest;
import dev.annex.server.v1.Value;
import dev.annex.server.v1.Vector;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The query {@code annex-server --demo} sends to itself over a real gRPC channel: the top 5 of
 * the demo collection for a seeded user vector, in one category, excluding an item already seen.
 */
final class DemoClient {

    private DemoClient() {
    }

    static void queryDemo(String host, int port, String token, boolean tls, PrintStream out) throws InterruptedException {
        if (tls) {
            out.println("demo query skipped: the server uses TLS; see examples/ for a client with certificates");
            return;
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
        try {
            AnnexGrpc.AnnexBlockingStub annex = AnnexGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
            if (token != null) {
                Metadata headers = new Metadata();
                headers.put(Interceptors.AUTHORIZATION, "Bearer " + token);
                annex = annex.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            }
            Random random = new Random(7);
            Vector.Builder user = Vector.newBuilder();
            for (int j = 0; j < 32; j++) {
                user.addValues((float) random.nextGaussian());
            }
            SearchRequest request = SearchRequest.newBuilder().setCollection("demo").setVector(user).setK(5).setWithPayload(true)
                    .setFilter(Filter.newBuilder().setEquals(Equals.newBuilder().setField("category")
                            .setValue(Value.newBuilder().setKeyword("c3"))))
                    .addExcludeIds(PointId.newBuilder().setNumber(42)).build();
            out.println("demo query: top 5 of collection 'demo' in category c3 for a seeded user vector, item 42 excluded:");
            for (Hit hit : annex.search(request).getHitsList()) {
                out.printf(Locale.ROOT, "  id %5d  score %8.3f  category %s  popularity %.3f%n", hit.getId().getNumber(), hit.getScore(),
                        hit.getPayloadMap().get("category").getKeyword(), hit.getPayloadMap().get("popularity").getDoubleValue());
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
