package dev.annex.collection;

import dev.annex.vector.Similarity;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The child process of {@link CrashTest}: opens the database, then upserts and deletes until it
 * is killed. Before each batch it prints {@code TRY op ids…} (a negative id for a delete), after
 * it is acknowledged {@code ACK op}. Point {@code id} at operation {@code op} has the vector
 * {@link #vector(long, long)} and payload version {@code op}.
 *
 * <p>Arguments: database directory, first operation number, random seed.
 */
public final class CrashWriter {

    static final int DIMENSION = 8;
    static final int IDS = 400;

    private CrashWriter() {
    }

    static CollectionSchema schema() {
        return CollectionSchema.of(DIMENSION, Similarity.L2, "HNSW8,efc64,seed1,threads1", IdKind.LONG,
                Map.of("version", FieldType.LONG));
    }

    /** The vector of point {@code id} as written by operation {@code op}. */
    static float[] vector(long id, long op) {
        Random random = new Random(id * 1_000_003L + op);
        float[] vector = new float[DIMENSION];
        for (int j = 0; j < DIMENSION; j++) {
            vector[j] = (float) random.nextGaussian();
        }
        return vector;
    }

    /** Starts a writer on the database in {@code root}, numbering operations after {@code lastOp}; stderr is discarded. */
    static Process start(Path root, long lastOp, long seed) throws java.io.IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String flag : System.getProperty("annex.test.jvm.flags", "").trim().split("\\s+")) {
            if (!flag.isEmpty()) {
                command.add(flag);
            }
        }
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
                root.toString(), Long.toString(lastOp), Long.toString(seed)));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        long op = Long.parseLong(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        PrintStream out = new PrintStream(System.out, true);
        CollectionOptions options = CollectionOptions.DEFAULT.withSnapshotLogBytes(64 << 10).withSegmentBytes(16 << 10);
        Database database = Database.open(root, options);
        Collection collection = database.list().contains("crash") ? database.collection("crash")
                : database.create("crash", schema());
        out.println("OPEN");
        while (true) {
            op++;
            int size = 1 + random.nextInt(12);
            boolean delete = random.nextInt(4) == 0;
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                long id = random.nextInt(IDS);
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
            StringBuilder line = new StringBuilder("TRY ").append(op);
            for (long id : ids) {
                line.append(' ').append(delete ? -id - 1 : id);
            }
            out.println(line);
            if (delete) {
                collection.delete(ids);
            } else {
                List<Point> points = new ArrayList<>();
                for (long id : ids) {
                    points.add(new Point(id, vector(id, op), Map.of("version", op)));
                }
                collection.upsert(points);
            }
            out.println("ACK " + op);
        }
    }
}
