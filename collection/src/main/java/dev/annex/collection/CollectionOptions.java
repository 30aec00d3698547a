package dev.annex.collection;

/**
 * How a collection stores and protects its data.
 *
 * @param durability          FSYNC: a write is acknowledged once its log record is on disk (group
 *                            commit shares fsyncs between concurrent writers); ASYNC: at once, with the
 *                            log flushed every second, so a crash may lose about the last second of writes
 * @param maxBatch            the most points one upsert or delete call may carry
 * @param expectedPoints      how many points the id and payload maps are sized for (they grow past it)
 * @param segmentBytes        log segment size before a new segment starts
 * @param snapshotLogBytes    a snapshot is taken once the log holds this many bytes (0: only on close or request)
 * @param snapshotIntervalMillis a snapshot is taken this often when the log has grown since the
 *                            last one (0: never by time)
 * @param compactDeletedFraction a background compaction starts once this share of the index is
 *                            deleted (0: only on request)
 */
public record CollectionOptions(Durability durability, int maxBatch, long expectedPoints, long segmentBytes,
                                long snapshotLogBytes, long snapshotIntervalMillis, double compactDeletedFraction) {

    /**
     * FSYNC, batches of up to 10,000, maps sized for a million points, 64 MiB segments, a
     * snapshot every 256 MiB of log or every 10 minutes, compaction past 30 % deleted.
     */
    public static final CollectionOptions DEFAULT = new CollectionOptions(Durability.FSYNC, 10_000, 1_000_000,
            64L << 20, 256L << 20, 600_000, 0.3);

    public CollectionOptions {
        if (durability == null) {
            throw new IllegalArgumentException("durability is null");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        }
        if (!(compactDeletedFraction >= 0 && compactDeletedFraction < 1)) {
            throw new IllegalArgumentException("compactDeletedFraction must be in [0, 1), got " + compactDeletedFraction);
        }
        if (snapshotIntervalMillis < 0) {
            throw new IllegalArgumentException("snapshotIntervalMillis must be >= 0, got " + snapshotIntervalMillis);
        }
        if (expectedPoints < 1 || segmentBytes < 4096 || snapshotLogBytes < 0) {
            throw new IllegalArgumentException("expectedPoints >= 1, segmentBytes >= 4096 and snapshotLogBytes >= 0 required, got "
                    + expectedPoints + ", " + segmentBytes + ", " + snapshotLogBytes);
        }
    }

    public CollectionOptions withDurability(Durability newDurability) {
        return new CollectionOptions(newDurability, maxBatch, expectedPoints, segmentBytes, snapshotLogBytes, snapshotIntervalMillis,
                compactDeletedFraction);
    }

    public CollectionOptions withMaxBatch(int newMaxBatch) {
        return new CollectionOptions(durability, newMaxBatch, expectedPoints, segmentBytes, snapshotLogBytes, snapshotIntervalMillis,
                compactDeletedFraction);
    }

    public CollectionOptions withExpectedPoints(long points) {
        return new CollectionOptions(durability, maxBatch, points, segmentBytes, snapshotLogBytes, snapshotIntervalMillis,
                compactDeletedFraction);
    }

    public CollectionOptions withSegmentBytes(long bytes) {
        return new CollectionOptions(durability, maxBatch, expectedPoints, bytes, snapshotLogBytes, snapshotIntervalMillis,
                compactDeletedFraction);
    }

    public CollectionOptions withSnapshotLogBytes(long bytes) {
        return new CollectionOptions(durability, maxBatch, expectedPoints, segmentBytes, bytes, snapshotIntervalMillis,
                compactDeletedFraction);
    }

    public CollectionOptions withSnapshotIntervalMillis(long millis) {
        return new CollectionOptions(durability, maxBatch, expectedPoints, segmentBytes, snapshotLogBytes, millis,
                compactDeletedFraction);
    }

    public CollectionOptions withCompactDeletedFraction(double fraction) {
        return new CollectionOptions(durability, maxBatch, expectedPoints, segmentBytes, snapshotLogBytes, snapshotIntervalMillis,
                fraction);
    }
}
