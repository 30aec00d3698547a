package dev.annex.server;

import dev.annex.collection.CollectionOptions;
import dev.annex.collection.CollectionSchema;
import dev.annex.collection.Database;
import dev.annex.collection.FieldType;
import dev.annex.collection.IdKind;
import dev.annex.collection.Point;
import dev.annex.vector.Similarity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts the recall service: {@code ./annex-server [options]} (see {@code --help}). Every
 * option can also come from the environment variable named in its description. SIGTERM (or
 * Ctrl-C) drains calls in flight, snapshots every collection and exits.
 */
@Command(name = "annex-server", mixinStandardHelpOptions = true, versionProvider = AnnexServerMain.Version.class,
        description = "Serves Annex collections over gRPC (service annex.v1.Annex, health, reflection).")
public final class AnnexServerMain implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "${env:ANNEX_HOST:-127.0.0.1}",
            description = "Address to bind (env ANNEX_HOST; default: ${DEFAULT-VALUE}, loopback only).")
    String host;

    @Option(names = "--port", defaultValue = "${env:ANNEX_PORT:-7878}", description = "gRPC port (env ANNEX_PORT; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = "${env:ANNEX_DATA_DIR:-annex-data}",
            description = "Database directory (env ANNEX_DATA_DIR; default: ${DEFAULT-VALUE}).")
    Path dataDirectory;

    @Option(names = "--threads", defaultValue = "${env:ANNEX_THREADS:-0}",
            description = "Threads answering calls; 0 for one per processor (env ANNEX_THREADS).")
    int threads;

    @Option(names = "--max-message-bytes", defaultValue = "${env:ANNEX_MAX_MESSAGE_BYTES:-67108864}",
            description = "Largest request accepted (env ANNEX_MAX_MESSAGE_BYTES; default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--max-concurrent-calls", defaultValue = "${env:ANNEX_MAX_CONCURRENT_CALLS:-256}",
            description = "Calls running at once before RESOURCE_EXHAUSTED (env ANNEX_MAX_CONCURRENT_CALLS; default: ${DEFAULT-VALUE}).")
    int maxConcurrentCalls;

    @Option(names = "--max-batch", defaultValue = "${env:ANNEX_MAX_BATCH:-10000}",
            description = "Most points per upsert or delete (env ANNEX_MAX_BATCH; default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--auth-token-file", defaultValue = "${env:ANNEX_AUTH_TOKEN_FILE}",
            description = "File holding the bearer token every call but health checks must carry (env ANNEX_AUTH_TOKEN_FILE; "
                    + "a file, so the token never shows in a process listing). No file: no authentication.")
    Path authTokenFile;

    @Option(names = "--tls-cert", defaultValue = "${env:ANNEX_TLS_CERT}", description = "PEM certificate chain; with --tls-key, TLS (env ANNEX_TLS_CERT).")
    Path tlsCertificate;

    @Option(names = "--tls-key", defaultValue = "${env:ANNEX_TLS_KEY}", description = "PEM PKCS#8 private key (env ANNEX_TLS_KEY).")
    Path tlsKey;

    @Option(names = "--metrics-port", defaultValue = "${env:ANNEX_METRICS_PORT:-9464}",
            description = "Prometheus metrics port on the same host; -1 for none (env ANNEX_METRICS_PORT; default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--demo", description = "Create a collection 'demo' of 10,000 seeded 32-d points (ids 0..9999) if it is missing,"
            + " and once serving, query it over gRPC and print the answer.")
    boolean demo;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AnnexServerMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String token = authTokenFile == null ? null : java.nio.file.Files.readString(authTokenFile).trim();
        ServerOptions options = new ServerOptions(host, port, dataDirectory,
                threads == 0 ? Runtime.getRuntime().availableProcessors() : threads, maxMessageBytes, maxConcurrentCalls, token,
                tlsCertificate, tlsKey, metricsPort, CollectionOptions.DEFAULT.withMaxBatch(maxBatch));
        if (demo) {
            createDemo(options);
        }
        AnnexServer server = AnnexServer.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "annex-shutdown"));
        System.out.println("annex-server listening on " + host + ":" + server.port() + (server.metricsPort() >= 0
                ? ", metrics on " + host + ":" + server.metricsPort() + "/metrics" : "") + ", data in " + dataDirectory.toAbsolutePath());
        if (demo) {
            DemoClient.queryDemo(host, server.port(), token, tlsCertificate != null, System.out);
        }
        server.awaitTermination();
        return 0;
    }

    /** The demo collection: 32-d inner-product vectors in 20 clusters, seed 2026, payload category and popularity. */
    static void createDemo(ServerOptions options) throws Exception {
        try (Database database = Database.open(options.dataDirectory(), options.collections())) {
            if (database.list().contains("demo")) {
                return;
            }
            var demo = database.create("demo", CollectionSchema.of(32, Similarity.DOT, "HNSW16,efc100", IdKind.LONG,
                    Map.of("category", FieldType.KEYWORD, "popularity", FieldType.DOUBLE)));
            Random random = new Random(2026);
            float[][] centres = new float[20][32];
            for (float[] centre : centres) {
                for (int j = 0; j < 32; j++) {
                    centre[j] = (float) random.nextGaussian();
                }
            }
            List<Point> points = new ArrayList<>();
            for (long id = 0; id < 10_000; id++) {
                int cluster = random.nextInt(centres.length);
                float[] vector = new float[32];
                for (int j = 0; j < 32; j++) {
                    vector[j] = centres[cluster][j] + 0.3f * (float) random.nextGaussian();
                }
                points.add(new Point(id, vector, Map.of("category", "c" + cluster, "popularity", random.nextDouble())));
            }
            demo.upsert(points);
        }
    }

    /** The version printed by {@code --version}: the build's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = AnnexServerMain.class.getPackage().getImplementationVersion();
            return new String[] {"annex-server " + (version == null ? "development build" : version)};
        }
    }
}
