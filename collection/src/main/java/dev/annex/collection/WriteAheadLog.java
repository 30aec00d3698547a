package dev.annex.collection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The append-only log that is a collection's source of truth. Segments are files
 * {@code wal-<first sequence number, 20 digits>.log}; each record is, big-endian: body length
 * (int), sequence number (long), CRC32C of the sequence number and body (int), body. Sequence
 * numbers are consecutive across segments.
 *
 * <p>Durability: in {@link Durability#FSYNC} mode {@link #awaitDurable} returns once the record
 * is fsynced, and concurrent writers share one fsync (group commit: whoever syncs covers every
 * record written before the sync began). In {@link Durability#ASYNC} mode it returns at once and
 * a background thread fsyncs every {@link #ASYNC_FLUSH_MILLIS} ms, so a crash can lose the
 * writes of about the last second, never corrupt what came before.
 *
 * <p>Recovery ({@link #open}): every segment is read and checked. A damaged record at the very
 * end of the last segment, after which no valid record follows, is a torn write: it is cut off
 * and reported in {@link #recovery()}. A damaged record anywhere else, or a gap in the sequence,
 * stops the open with an {@link IOException} naming the segment and offset: nothing is silently
 * dropped.
 */
final class WriteAheadLog implements AutoCloseable {

    static final long ASYNC_FLUSH_MILLIS = 1_000;
    private static final int HEADER_BYTES = 16;
    /** Larger bodies are not written, so a larger length on disk is damage. */
    static final int MAX_BODY_BYTES = 64 << 20;

    private final Path directory;
    private final Durability durability;
    private final long segmentBytes;
    private final String recovery;
    private final Object syncLock = new Object();
    private final ScheduledExecutorService flusher;
    private FileChannel segment;
    private long segmentSize;
    /** Bytes of the segments before the one being written; with {@link #segmentSize}, the log's size without listing files. */
    private long earlierSegmentsBytes;
    private long lastSeq;
    private volatile long durableSeq;
    private boolean closed;

    private WriteAheadLog(Path directory, Durability durability, long segmentBytes, long lastSeq, String recovery)
            throws IOException {
        this.directory = directory;
        this.durability = durability;
        this.segmentBytes = segmentBytes;
        this.lastSeq = lastSeq;
        this.durableSeq = lastSeq;
        this.recovery = recovery;
        List<Path> segments = segments(directory);
        if (segments.isEmpty()) {
            startSegment(lastSeq + 1);
        } else {
            Path last = segments.get(segments.size() - 1);
            segment = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            segmentSize = segment.size();
            for (Path earlier : segments.subList(0, segments.size() - 1)) {
                earlierSegmentsBytes += Files.size(earlier);
            }
        }
        if (durability == Durability.ASYNC) {
            flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("annex-wal-flush").factory());
            flusher.scheduleWithFixedDelay(this::flushQuietly, ASYNC_FLUSH_MILLIS, ASYNC_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            flusher = null;
        }
    }

    /**
     * Opens (or starts) the log in {@code directory}, hands every intact record after
     * {@code afterSeq} to {@code replay} in order, and cuts off a torn tail. {@code afterSeq}
     * also seeds the numbering of an empty log.
     */
    static WriteAheadLog open(Path directory, Durability durability, long segmentBytes, long afterSeq,
                              BiConsumer<Long, ByteBuffer> replay) throws IOException {
        Files.createDirectories(directory);
        long lastSeq = afterSeq;
        String recovery = "clean";
        List<Path> segments = segments(directory);
        for (int s = 0; s < segments.size(); s++) {
            Path path = segments.get(s);
            boolean lastSegment = s == segments.size() - 1;
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(path));
            long expected = firstSeqOf(path);
            if (s == 0 && expected > afterSeq + 1) {
                throw new IOException("log segment " + path + " starts at sequence " + expected + " but the snapshot covers only up to "
                        + afterSeq + ": records in between are missing");
            }
            int offset = 0;
            while (offset < bytes.limit()) {
                int length = intactLength(bytes, offset);
                if (length < 0) {
                    if (lastSegment && !anyIntactRecordAfter(bytes, offset + 1)) {
                        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                            channel.truncate(offset);
                            channel.force(true);
                        }
                        recovery = "torn tail of " + (bytes.limit() - offset) + " bytes cut from " + path.getFileName() + " at offset "
                                + offset + " (last intact sequence " + (expected - 1) + ")";
                        break;
                    }
                    throw new IOException("corrupt log record in " + path + " at offset " + offset
                            + ": bad length or checksum, and intact records follow it");
                }
                long seq = bytes.getLong(offset + 4);
                if (seq != expected) {
                    throw new IOException("log record in " + path + " at offset " + offset + " has sequence " + seq + ", expected "
                            + expected);
                }
                if (seq > afterSeq) {
                    replay.accept(seq, bytes.slice(offset + HEADER_BYTES, length));
                }
                lastSeq = Math.max(lastSeq, seq);
                expected++;
                offset += HEADER_BYTES + length;
            }
        }
        return new WriteAheadLog(directory, durability, segmentBytes, lastSeq, recovery);
    }

    private static int crc(ByteBuffer bytes, int seqOffset, int bodyOffset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.slice(seqOffset, 8));
        crc.update(bytes.slice(bodyOffset, length));
        return (int) crc.getValue();
    }

    /** The body length of the record at {@code offset} when its header fits, its length is plausible and its checksum holds; else -1. */
    private static int intactLength(ByteBuffer bytes, int offset) {
        if (bytes.limit() - offset < HEADER_BYTES) {
            return -1;
        }
        int length = bytes.getInt(offset);
        boolean intact = length >= 0 && length <= MAX_BODY_BYTES && offset + HEADER_BYTES + length <= bytes.limit()
                && crc(bytes, offset + 4, offset + HEADER_BYTES, length) == bytes.getInt(offset + 12);
        return intact ? length : -1;
    }

    private static boolean anyIntactRecordAfter(ByteBuffer bytes, int from) {
        for (int offset = from; offset + HEADER_BYTES <= bytes.limit(); offset++) {
            if (intactLength(bytes, offset) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** What recovery did: "clean", or the torn tail it cut off. */
    String recovery() {
        return recovery;
    }

    /** The sequence number of the last record written. */
    synchronized long lastSeq() {
        return lastSeq;
    }

    /** Appends {@code bodies} as consecutive records and returns the sequence number of the last; not yet durable. */
    synchronized long append(List<byte[]> bodies) throws IOException {
        if (closed) {
            throw new IllegalStateException("the write-ahead log is closed");
        }
        if (segmentSize >= segmentBytes) {
            segment.force(false);
            segment.close();
            earlierSegmentsBytes += segmentSize;
            startSegment(lastSeq + 1);
        }
        int total = 0;
        for (byte[] body : bodies) {
            if (body.length > MAX_BODY_BYTES) {
                throw new IllegalArgumentException("a log record of " + body.length + " bytes exceeds " + MAX_BODY_BYTES);
            }
            total += HEADER_BYTES + body.length;
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        long seq = lastSeq;
        for (byte[] body : bodies) {
            seq++;
            int start = out.position();
            out.putInt(body.length).putLong(seq).putInt(0).put(body);
            out.putInt(start + 12, crc(out, start + 4, start + HEADER_BYTES, body.length));
        }
        out.flip();
        while (out.hasRemaining()) {
            segment.write(out);
        }
        segmentSize += total;
        lastSeq = seq;
        return seq;
    }

    /** Returns once record {@code seq} is on disk (FSYNC mode; at once in ASYNC mode). Concurrent callers share one fsync. */
    void awaitDurable(long seq) throws IOException {
        if (durability == Durability.ASYNC || durableSeq >= seq) {
            return;
        }
        sync(seq);
    }

    private void sync(long seq) throws IOException {
        synchronized (syncLock) {
            if (durableSeq >= seq) {
                return;
            }
            FileChannel current;
            long covered;
            synchronized (this) {
                current = segment;
                covered = lastSeq;
            }
            current.force(false);
            durableSeq = covered;
        }
    }

    private void flushQuietly() {
        try {
            sync(lastSeq());
        } catch (IOException | RuntimeException e) {
            // The next flush, or close, tries again; the failure shows there.
        }
    }

    /** Deletes the segments whose records all have sequence numbers up to {@code seq}: a durable snapshot covers them. */
    synchronized void deleteSegmentsCoveredBy(long seq) throws IOException {
        List<Path> segments = segments(directory);
        for (int i = 0; i + 1 < segments.size(); i++) {
            if (firstSeqOf(segments.get(i + 1)) - 1 <= seq) {
                earlierSegmentsBytes -= Files.size(segments.get(i));
                Files.delete(segments.get(i));
            }
        }
    }

    /** Bytes of all segments, kept as records are written and segments deleted: no file is listed. */
    synchronized long bytes() {
        return earlierSegmentsBytes + segmentSize;
    }

    private void startSegment(long firstSeq) throws IOException {
        Path path = directory.resolve(String.format("wal-%020d.log", firstSeq));
        segment = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        segmentSize = 0;
        Durable.syncDirectory(directory);
    }

    private static long firstSeqOf(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(4, name.length() - 4));
    }

    private static List<Path> segments(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return new ArrayList<>(files.filter(p -> p.getFileName().toString().matches("wal-\\d{20}\\.log")).sorted().toList());
        }
    }

    @Override
    public void close() throws IOException {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        segment.force(false);
        segment.close();
    }

    /** Rethrows an I/O failure of the log as unchecked, naming the log. */
    UncheckedIOException failure(IOException e) {
        return new UncheckedIOException("write-ahead log in " + directory + " failed: " + e.getMessage(), e);
    }
}
