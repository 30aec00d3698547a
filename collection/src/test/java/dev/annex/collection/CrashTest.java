package dev.annex.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.api.HnswSearchParameters;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM ({@link CrashWriter}) with SIGKILL at random moments and reopens
 * the database after each kill. After every reopen: every acknowledged write is present with its
 * payload; the one batch in flight is applied whole or not at all; and the index agrees with a
 * brute-force search over the surviving points. Seed 2026 (kill delays and the child's
 * operations); the long suite runs with {@code mvn -pl collection test -Dgroups=long -Dannex.excludedGroups=}.
 */
class CrashTest {

    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveTwentyKills() throws Exception {
        run(20, 2026);
    }

    @Tag("long")
    @Test
    void acknowledgedWritesSurviveTwoHundredKills() throws Exception {
        run(200, 4242);
    }

    private void run(int cycles, long seed) throws Exception {
        Random random = new Random(seed);
        Map<Long, Long> expected = new HashMap<>();
        long op = 0;
        long totalAcknowledged = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            Process child = CrashWriter.start(dir, op, random.nextLong());
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("OPEN", lines.readLine(), "the child opened the database (cycle " + cycle + ")");
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20 + random.nextInt(300));
            List<String> tries = new ArrayList<>();
            long acknowledged = op;
            String line;
            while (System.nanoTime() < killAt && (line = lines.readLine()) != null) {
                if (line.startsWith("TRY ")) {
                    tries.add(line);
                } else if (line.startsWith("ACK ")) {
                    acknowledged = Long.parseLong(line.substring(4));
                }
            }
            child.toHandle().destroyForcibly(); // SIGKILL, leaving the pipe open so the lines already written can be read
            child.waitFor();
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("TRY ")) {
                    tries.add(line);
                } else if (line.startsWith("ACK ")) {
                    acknowledged = Long.parseLong(line.substring(4));
                }
            }
            Map<Long, Long> before = new HashMap<>(expected);
            String inFlight = null;
            for (String attempt : tries) {
                long number = Long.parseLong(attempt.split(" ")[1]);
                if (number <= acknowledged) {
                    apply(before, attempt);
                } else {
                    inFlight = attempt;
                }
            }
            Map<Long, Long> after = new HashMap<>(before);
            if (inFlight != null) {
                apply(after, inFlight);
            }
            Map<Long, Long> actual = verify(cycle);
            assertTrue(actual.equals(before) || actual.equals(after), "cycle " + cycle + ": the database holds neither the acknowledged"
                    + " state nor it plus the in-flight batch " + inFlight);
            expected = actual;
            totalAcknowledged += acknowledged - op;
            op = Math.max(acknowledged, inFlight == null ? acknowledged : Long.parseLong(inFlight.split(" ")[1]));
        }
        assertTrue(totalAcknowledged >= 5L * cycles, "the children acknowledged only " + totalAcknowledged + " batches");
    }

    private static void apply(Map<Long, Long> state, String attempt) {
        String[] parts = attempt.split(" ");
        long number = Long.parseLong(parts[1]);
        for (int i = 2; i < parts.length; i++) {
            long id = Long.parseLong(parts[i]);
            if (id < 0) {
                state.remove(-id - 1);
            } else {
                state.put(id, number);
            }
        }
    }

    /** Reopens the database; returns id → payload version, after checking vectors and search. */
    private Map<Long, Long> verify(int cycle) throws Exception {
        Map<Long, Long> versions = new HashMap<>();
        try (Database database = Database.open(dir, CollectionOptions.DEFAULT)) {
            if (!database.list().contains("crash")) {
                return versions;
            }
            Collection collection = database.collection("crash");
            List<Long> ids = new ArrayList<>();
            for (long id = 0; id < CrashWriter.IDS; id++) {
                ids.add(id);
            }
            List<Point> points = collection.get(ids);
            for (Point point : points) {
                if (point != null) {
                    long version = (Long) point.payload().get("version");
                    versions.put((Long) point.id(), version);
                    assertNotNull(point.vector());
                    assertTrue(java.util.Arrays.equals(CrashWriter.vector((Long) point.id(), version), point.vector()),
                            "cycle " + cycle + ": vector of " + point.id() + " is not the one written with version " + version);
                }
            }
            assertEquals(versions.size(), collection.describe().points(), "cycle " + cycle + ": live count");
            Random queries = new Random(cycle);
            for (int q = 0; q < 5 && !versions.isEmpty(); q++) {
                float[] query = CrashWriter.vector(-1 - q, cycle);
                List<Long> truth = versions.entrySet().stream()
                        .sorted(Comparator.comparingDouble(e -> squareDistance(query, CrashWriter.vector(e.getKey(), e.getValue()))))
                        .limit(10).map(Map.Entry::getKey).toList();
                List<Object> found = collection.search(SearchRequest.of(query, 10).withParameters(HnswSearchParameters.ef(400)))
                        .stream().map(Hit::id).toList();
                assertEquals(truth, found, "cycle " + cycle + " query " + q + " (" + queries.nextInt() + ")");
            }
        }
        return versions;
    }

    private static double squareDistance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return sum;
    }
}
