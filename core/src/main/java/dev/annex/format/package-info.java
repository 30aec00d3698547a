/**
 * The index file format: plumbing shared by every index type: the common header, little-endian sections,
 * a CRC32C footer, atomic publication (temporary file, fsync, rename, fsync of the directory),
 * and verified memory-mapped reading. A file that fails a check is a
 * {@link dev.annex.format.CorruptIndexException} naming the file.
 */
package dev.annex.format;
