/**
 * The embedded database over the core: a {@link dev.annex.collection.Database} directory of
 * named {@link dev.annex.collection.Collection}s of points addressed by external ids, with typed
 * payloads to filter on, a write-ahead log with group commit, snapshots, and recovery after a
 * crash. Ids and payloads live in persisted Chronicle Maps, payload postings in RoaringBitmaps.
 */
package dev.annex.collection;
