package dev.annex.collection;

/**
 * What {@link Collection#describe()} reports.
 *
 * @param name             the collection's name
 * @param schema           dimension, similarity, index spec, id kind, payload fields
 * @param points           live points
 * @param deletedFraction  share of the index's ordinals that are deleted (reclaimed by compaction)
 * @param indexBytes       memory of the vector index
 * @param logBytes         bytes of write-ahead log on disk
 * @param snapshotSeq      the log sequence number the last snapshot covers (0: none yet)
 * @param logSeq           the sequence number of the last log record
 * @param recovery         what the last open found: "clean", or the torn tail it cut, or the maps it rebuilt
 */
public record CollectionInfo(String name, CollectionSchema schema, long points, double deletedFraction, long indexBytes,
                             long logBytes, long snapshotSeq, long logSeq, String recovery) {
}
