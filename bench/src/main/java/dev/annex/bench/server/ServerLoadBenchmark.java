package dev.annex.bench.server;

import dev.annex.bench.Dataset;
import dev.annex.collection.Collection;
import dev.annex.collection.CollectionOptions;
import dev.annex.collection.CollectionSchema;
import dev.annex.collection.Database;
import dev.annex.collection.FieldType;
import dev.annex.collection.IdKind;
import dev.annex.collection.Point;
import dev.annex.server.AnnexServer;
import dev.annex.server.ServerOptions;
import dev.annex.server.v1.AnnexGrpc;
import dev.annex.server.v1.SearchRequest;
import dev.annex.server.v1.UpsertRequest;
import dev.annex.server.v1.UpsertResponse;
import dev.annex.server.v1.Vector;
import dev.annex.vector.Machine;
import dev.annex.vector.Similarity;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the gRPC layer adds: k=10 searches of seeded two-tower data (96-d, HNSW16,efc100) with
 * 1, 8 and 64 concurrent clients, in-process (calls on the collection) against over loopback
 * gRPC (one blocking stub per client on a shared channel), in interleaved rounds; QPS and p50/p99
 * latency from HdrHistogram; and upsert throughput over the client-streaming RPC. Writes
 * {@code OUT/server.csv}. Options: {@code --help} lists them.
 */
public final class ServerLoadBenchmark {

    private static final int K = 10;
    private static final int[] CLIENTS = {1, 8, 64};

    private final List<String> rows = new ArrayList<>();
    private final PrintStream out;

    ServerLoadBenchmark(PrintStream out) {
        this.out = out;
    }

    /** The command line of the gRPC load benchmark. */
    @Command(name = "server-load-benchmark", mixinStandardHelpOptions = true,
            description = "What the gRPC layer adds over an in-process collection search; writes OUT/server.csv.")
    static final class Options implements Callable<Integer> {
        @Option(names = "--points", defaultValue = "100000", description = "Points (default: ${DEFAULT-VALUE}).")
        int points;

        @Option(names = "--rounds", defaultValue = "3", description = "Interleaved rounds (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--seconds", defaultValue = "5", description = "Seconds per measurement (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--out", defaultValue = "results", description = "Output directory (default: ${DEFAULT-VALUE}).")
        Path outDir;

        @Override
        public Integer call() throws Exception {
            new ServerLoadBenchmark(System.out).run(points, rounds, seconds, Files.createTempDirectory("annex-server-bench"), outDir);
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Options()).execute(args));
    }

    void run(int count, int rounds, double seconds, Path work, Path outDir) throws IOException, InterruptedException {
        Dataset dataset = Dataset.synthetic("two-tower-" + count + "-96", 11L, 2);
        float[][] queries = dataset.queries();
        CollectionOptions options = CollectionOptions.DEFAULT.withExpectedPoints(count);
        try (Database database = Database.open(work, options)) {
            Collection items = database.create("items", CollectionSchema.of(96, Similarity.DOT, "HNSW16,efc100", IdKind.LONG,
                    Map.of("category", FieldType.KEYWORD)));
            for (int i = 0; i < count; i += 10_000) {
                List<Point> batch = new ArrayList<>();
                for (int p = i; p < Math.min(count, i + 10_000); p++) {
                    batch.add(new Point((long) p, dataset.base()[p], Map.of("category", "c" + p % 10)));
                }
                items.upsert(batch);
            }
        }
        out.printf(Locale.ROOT, "%s; %d points x 96, k=%d, ef=64%n", Machine.describe(), count, K);
        rows.add(String.format(Locale.ROOT, "\"machine\",\"%s\",0,0,0", Machine.describe()));
        for (int round = 1; round <= rounds; round++) {
            for (int clients : CLIENTS) {
                try (Database database = Database.open(work, options)) {
                    Collection items = database.collection("items");
                    measure("round " + round, "in-process, " + clients + " clients", clients, seconds,
                            q -> items.search(dev.annex.collection.SearchRequest.of(queries[q % queries.length], K)
                                    .withParameters(dev.annex.api.HnswSearchParameters.ef(64))));
                }
                try (AnnexServer server = AnnexServer.start(ServerOptions.defaults(0, work))) {
                    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
                    AnnexGrpc.AnnexBlockingStub annex = AnnexGrpc.newBlockingStub(channel);
                    SearchRequest[] requests = new SearchRequest[queries.length];
                    for (int q = 0; q < queries.length; q++) {
                        requests[q] = SearchRequest.newBuilder().setCollection("items").setVector(vector(queries[q])).setK(K)
                                .setParameters(dev.annex.server.v1.SearchParameters.newBuilder().setEf(64)).build();
                    }
                    measure("round " + round, "gRPC loopback, " + clients + " clients", clients, seconds,
                            q -> annex.search(requests[q % requests.length]));
                    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
            }
        }
        upsertStream(dataset, work);
        Files.createDirectories(outDir);
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(outDir.resolve("server.csv")))) {
            csv.println("round,setting,qps,p50_us,p99_us");
            rows.forEach(csv::println);
        }
        out.println("wrote " + outDir.resolve("server.csv"));
    }

    private void measure(String round, String setting, int clients, double seconds, IntConsumer search) throws InterruptedException {
        Histogram latencies = new ConcurrentHistogram(3);
        AtomicInteger next = new AtomicInteger();
        long warmEnd = System.nanoTime() + (long) (1e9 * Math.min(2, seconds / 2));
        long end = warmEnd + (long) (1e9 * seconds);
        Thread[] threads = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            threads[c] = new Thread(() -> {
                long now;
                while ((now = System.nanoTime()) < end) {
                    search.accept(next.getAndIncrement());
                    long done = System.nanoTime();
                    if (now >= warmEnd) {
                        latencies.recordValue((done - now) / 1_000);
                    }
                }
            });
            threads[c].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double qps = latencies.getTotalCount() / seconds;
        rows.add(String.format(Locale.ROOT, "\"%s\",\"%s\",%.0f,%d,%d", round, setting, qps, latencies.getValueAtPercentile(50),
                latencies.getValueAtPercentile(99)));
        out.printf(Locale.ROOT, "%-8s %-28s %9.0f QPS  p50 %6d us  p99 %6d us%n", round, setting, qps,
                latencies.getValueAtPercentile(50), latencies.getValueAtPercentile(99));
    }

    private void upsertStream(Dataset dataset, Path work) throws IOException, InterruptedException {
        try (AnnexServer server = AnnexServer.start(ServerOptions.defaults(0, work))) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            AnnexGrpc.AnnexBlockingStub annex = AnnexGrpc.newBlockingStub(channel);
            annex.createCollection(dev.annex.server.v1.CreateCollectionRequest.newBuilder().setName("stream").setDimension(96)
                    .setSimilarity(dev.annex.server.v1.Similarity.DOT).setIndexSpec("HNSW16,efc100")
                    .setIdKind(dev.annex.server.v1.IdKind.LONG).build());
            CompletableFuture<UpsertResponse> done = new CompletableFuture<>();
            StreamObserver<UpsertRequest> upload = AnnexGrpc.newStub(channel).upsertStream(new StreamObserver<>() {
                @Override
                public void onNext(UpsertResponse value) {
                    done.complete(value);
                }

                @Override
                public void onError(Throwable t) {
                    done.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {
                }
            });
            long start = System.nanoTime();
            float[][] base = dataset.base();
            for (int i = 0; i < base.length; i += 1_000) {
                UpsertRequest.Builder batch = UpsertRequest.newBuilder().setCollection("stream");
                for (int p = i; p < Math.min(base.length, i + 1_000); p++) {
                    batch.addPoints(dev.annex.server.v1.Point.newBuilder()
                            .setId(dev.annex.server.v1.PointId.newBuilder().setNumber(p)).setVector(vector(base[p])));
                }
                upload.onNext(batch.build());
            }
            upload.onCompleted();
            long upserted = done.join().getUpserted();
            double rate = upserted / ((System.nanoTime() - start) / 1e9);
            rows.add(String.format(Locale.ROOT, "\"-\",\"upsert stream, batches of 1000\",%.0f,0,0", rate));
            out.printf(Locale.ROOT, "upsert over the streaming RPC, batches of 1,000: %.0f points/s%n", rate);
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Vector vector(float[] values) {
        Vector.Builder builder = Vector.newBuilder();
        for (float value : values) {
            builder.addValues(value);
        }
        return builder.build();
    }
}
