package dev.annex.collection;

/** When an acknowledged write is on disk; see {@link CollectionOptions#durability()}. */
public enum Durability {
    /** Acknowledged once its log record is fsynced; concurrent writers share one fsync. */
    FSYNC,
    /** Acknowledged at once; the log is fsynced every second, so a crash may lose about the last second of writes. */
    ASYNC
}
