package dev.annex.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.format.CorruptIndexException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage to each kind of file a collection keeps, after a writer was killed mid-run: the log and
 * the snapshot give a clear error naming the file; the Chronicle Maps, which the log can
 * rebuild, are rebuilt and the data is whole.
 */
class RecoveryTest {

    @TempDir
    Path dir;
    private Path collection;

    /**
     * A writer (snapshots every 64 KiB of log, 16 KiB segments) is killed after 200 acknowledged
     * batches; an open and close takes a snapshot; a second writer is killed after 30 more, so
     * the log holds records after the snapshot.
     */
    @BeforeEach
    void killedWriters() throws Exception {
        killAfter(0, 200);
        collection = dir.resolve("crash");
        Database.open(dir, CollectionOptions.DEFAULT).close();
        killAfter(1_000_000, 30);
        assertTrue(!logSegments().isEmpty() && Files.size(logSegments().get(0)) > 0, "log records after the snapshot");
    }

    private void killAfter(long firstOp, int acknowledgedBatches) throws Exception {
        Process child = CrashWriter.start(dir, firstOp, firstOp + 7);
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        int acks = 0;
        String line;
        while (acks < acknowledgedBatches && (line = lines.readLine()) != null) {
            acks += line.startsWith("ACK ") ? 1 : 0;
        }
        child.toHandle().destroyForcibly();
        child.waitFor();
        assertEquals(acknowledgedBatches, acks, "the writer stopped early");
    }

    @Test
    void lostMapsAreRebuiltFromSnapshotAndLog() throws Exception {
        long expected = reopenCount();
        for (Path maps : mapsDirectories()) {
            Durable.deleteTree(maps);
        }
        try (Database database = Database.open(dir, CollectionOptions.DEFAULT)) {
            CollectionInfo info = database.collection("crash").describe();
            assertTrue(info.recovery().contains("maps rebuilt"), info.recovery());
            assertEquals(expected, info.points());
        }
    }

    @Test
    void damagedMapsAreRebuiltFromSnapshotAndLog() throws Exception {
        long expected = reopenCount();
        for (Path map : files(mapsDirectories().get(0))) {
            byte[] bytes = Files.readAllBytes(map);
            for (int i = bytes.length / 3; i < bytes.length; i += 997) {
                bytes[i] ^= 0x77;
            }
            Files.write(map, bytes);
        }
        try (Database database = Database.open(dir, CollectionOptions.DEFAULT)) {
            assertEquals(expected, database.collection("crash").describe().points());
        }
    }

    @Test
    void aDamagedLogRecordInTheMiddleNamesSegmentAndOffset() throws Exception {
        Path segment = logSegments().get(0);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[40] ^= 0x10;
        Files.write(segment, bytes);
        IOException thrown = assertThrows(IOException.class, () -> Database.open(dir, CollectionOptions.DEFAULT));
        assertTrue(thrown.getMessage().contains(segment.toString()) && thrown.getMessage().contains("offset"), thrown.getMessage());
    }

    @Test
    void damagedSnapshotFilesAreClearErrors() throws Exception {
        Path snapshot = files(collection).stream().filter(p -> p.getFileName().toString().startsWith("snapshot-")).findFirst()
                .orElseThrow();
        Path state = snapshot.resolve("state.bin");
        byte[] original = Files.readAllBytes(state);
        Files.write(state, java.util.Arrays.copyOf(original, original.length - 5));
        IOException truncated = assertThrows(IOException.class, () -> Database.open(dir, CollectionOptions.DEFAULT));
        assertTrue(truncated.getMessage().contains("state.bin"), truncated.getMessage());
        Files.write(state, original);
        Path index = snapshot.resolve("index.annex");
        byte[] indexBytes = Files.readAllBytes(index);
        indexBytes[indexBytes.length / 2] ^= 1;
        Files.write(index, indexBytes);
        CorruptIndexException damaged = assertThrows(CorruptIndexException.class, () -> Database.open(dir, CollectionOptions.DEFAULT));
        assertTrue(damaged.getMessage().contains("index.annex"), damaged.getMessage());
    }

    private long reopenCount() throws Exception {
        // Copy the files aside, count through a normal open, and put the uncounted copy back for the damage.
        Path copy = dir.resolveSibling(dir.getFileName() + "-copy");
        copyTree(dir, copy);
        long count;
        try (Database database = Database.open(copy, CollectionOptions.DEFAULT)) {
            count = database.collection("crash").describe().points();
        }
        Durable.deleteTree(copy);
        return count;
    }

    private List<Path> mapsDirectories() throws IOException {
        return files(collection).stream().filter(p -> p.getFileName().toString().startsWith("maps-")).toList();
    }

    private List<Path> logSegments() throws IOException {
        return files(collection.resolve("wal")).stream().filter(p -> p.toString().endsWith(".log")).sorted().toList();
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return new ArrayList<>(files.toList());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        }
    }

}
