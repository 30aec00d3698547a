package dev.annex.format;

/** The kind of index a file holds; {@link #id()} is written to disk and never changes. */
public enum IndexType {
    EXACT(1),
    HNSW(2),
    IVF_PQ(3),
    /** An HNSW graph walked on int8 codes: the HNSW layout plus the re-rank factor and the quantizer. */
    HNSW_SQ8(4),
    /** IVF-PQ with 4-bit codes packed for fast scan: the IVF-PQ layout with 16-centroid codebooks and blocked codes. */
    IVF_PQ_FAST_SCAN(5);

    private final int id;

    IndexType(int id) {
        this.id = id;
    }

    /** The stable identifier written in file headers. */
    public int id() {
        return id;
    }

    /** The type whose {@link #id()} is {@code id}, or null. */
    static IndexType fromId(int id) {
        for (IndexType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        return null;
    }
}
