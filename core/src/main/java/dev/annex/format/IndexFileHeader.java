package dev.annex.format;

import dev.annex.vector.Similarity;

/**
 * The fields every index file starts with. On disk, little-endian:
 * <pre>
 * offset size field
 *      0    8 magic "ANNEXIDX"
 *      8    4 format version ({@link IndexFileWriter#FORMAT_VERSION})
 *     12    4 index type id ({@link IndexType#id()})
 *     16    4 similarity id ({@link Similarity#id()})
 *     20    4 dimension
 * </pre>
 * Index-specific sections follow; the file ends with an 8-byte footer: the CRC32C of every byte
 * before it, then the magic "XEDI" ("IDEX" read little-endian).
 *
 * @param type       the index kind
 * @param similarity how vectors are compared
 * @param dimension  components per vector
 */
public record IndexFileHeader(IndexType type, Similarity similarity, int dimension) {

    static final long MAGIC = 0x58444958454E4E41L; // "ANNEXIDX" little-endian
    static final int FOOTER_MAGIC = 0x58444549;
    static final int HEADER_BYTES = 24;
    static final int FOOTER_BYTES = 8;
}
