package dev.annex.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records round-trip; torn tails are cut and reported; damage in the middle stops recovery, naming segment and offset. */
class WriteAheadLogTest {

    @TempDir
    Path dir;

    private List<String> replay(Path wal, long after) throws IOException {
        List<String> bodies = new ArrayList<>();
        try (WriteAheadLog log = WriteAheadLog.open(wal, Durability.FSYNC, 4096, after, (seq, body) -> {
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            bodies.add(seq + ":" + new String(bytes, StandardCharsets.UTF_8));
        })) {
            return bodies;
        }
    }

    private void write(Path wal, int records) throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(wal, Durability.FSYNC, 4096, 0, (seq, body) -> { })) {
            for (int i = 1; i <= records; i++) {
                log.awaitDurable(log.append(List.of(("record " + i + " " + "x".repeat(i % 40)).getBytes(StandardCharsets.UTF_8))));
            }
        }
    }

    @Test
    void recordsRoundTripAcrossSegments() throws IOException {
        write(dir, 300);
        assertTrue(segments(dir).size() > 1, "4 KiB segments roll over");
        List<String> replayed = replay(dir, 0);
        assertEquals(300, replayed.size());
        assertTrue(replayed.get(299).startsWith("300:record 300"), replayed.get(299));
        assertEquals(100, replay(dir, 200).size(), "only records after the snapshot's sequence");
        try (WriteAheadLog log = WriteAheadLog.open(dir, Durability.FSYNC, 4096, 0, (seq, body) -> { })) {
            assertEquals(sizeOnDisk(), log.bytes(), "the kept count equals the segments' sizes after an open");
            for (int i = 0; i < 60; i++) {
                log.append(List.of(new byte[200]));
            }
            assertEquals(sizeOnDisk(), log.bytes(), "and after rollovers");
            log.deleteSegmentsCoveredBy(250);
            assertEquals(sizeOnDisk(), log.bytes(), "and after covered segments are deleted");
        }
    }

    private long sizeOnDisk() throws IOException {
        long total = 0;
        for (Path segment : segments(dir)) {
            total += Files.size(segment);
        }
        return total;
    }

    /** Every cut of the last record's bytes is a torn tail: cut off, reported, and the log takes new records after it. */
    @Test
    void tornTailsAreCutAndReported() throws IOException {
        write(dir, 20);
        Path last = segments(dir).get(segments(dir).size() - 1);
        byte[] full = Files.readAllBytes(last);
        int lastRecord = 16 + ("record 20 " + "x".repeat(20)).length();
        for (int cut = 1; cut < lastRecord; cut += 7) {
            Files.write(last, java.util.Arrays.copyOf(full, full.length - cut));
            try (WriteAheadLog log = WriteAheadLog.open(dir, Durability.FSYNC, 4096, 0, (seq, body) -> { })) {
                assertTrue(log.recovery().startsWith("torn tail"), log.recovery());
                assertEquals(19, log.lastSeq());
            }
            assertEquals(19, replay(dir, 0).size());
            Files.write(last, full);
        }
        byte[] garbage = java.util.Arrays.copyOf(full, full.length + 9);
        Files.write(last, garbage);
        assertEquals(20, replay(dir, 0).size(), "zeros after the last record are a torn write too");
    }

    /** A flipped byte in any record but the last is corruption: recovery stops and names the segment and offset. */
    @Test
    void damageInTheMiddleStopsRecovery() throws IOException {
        write(dir, 40);
        Path first = segments(dir).get(0);
        byte[] bytes = Files.readAllBytes(first);
        for (int offset = 0; offset < 200; offset += 13) {
            byte[] damaged = bytes.clone();
            damaged[offset] ^= 0x5A;
            Files.write(first, damaged);
            IOException thrown = assertThrows(IOException.class, () -> replay(dir, 0), "flip at " + offset);
            assertTrue(thrown.getMessage().contains(first.toString()) && thrown.getMessage().contains("at offset"),
                    thrown.getMessage());
        }
        Files.write(first, bytes);
        assertEquals(40, replay(dir, 0).size());
    }

    /** Eight concurrent writers waiting on shared fsyncs: every acknowledged record is durable and replays. */
    @Test
    void groupCommitAcknowledgesEveryWriter() throws Exception {
        AtomicLong acknowledged = new AtomicLong();
        try (WriteAheadLog log = WriteAheadLog.open(dir, Durability.FSYNC, 1 << 20, 0, (seq, body) -> { })) {
            Thread[] writers = new Thread[8];
            for (int t = 0; t < writers.length; t++) {
                writers[t] = new Thread(() -> {
                    for (int i = 0; i < 50; i++) {
                        try {
                            log.awaitDurable(log.append(List.of(new byte[100])));
                            acknowledged.incrementAndGet();
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    }
                });
                writers[t].start();
            }
            for (Thread writer : writers) {
                writer.join();
            }
            assertEquals(400, log.lastSeq());
        }
        assertEquals(400, acknowledged.get());
        assertEquals(400, replay(dir, 0).size());
    }

    @Test
    void aGapBetweenSnapshotAndLogIsReported() throws IOException {
        write(dir, 300);
        Files.delete(segments(dir).get(0));
        IOException thrown = assertThrows(IOException.class, () -> replay(dir, 0));
        assertTrue(thrown.getMessage().contains("missing"), thrown.getMessage());
    }

    private static List<Path> segments(Path wal) throws IOException {
        try (Stream<Path> files = Files.list(wal)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }
}
