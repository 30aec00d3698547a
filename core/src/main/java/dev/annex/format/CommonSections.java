package dev.annex.format;

import dev.annex.util.Bits;
import dev.annex.util.ConcurrentBitSet;
import dev.annex.vector.HeapVectorStorage;
import dev.annex.vector.MappedVectorStorage;
import dev.annex.vector.VectorStorage;
import java.io.IOException;

/**
 * Sections every index type writes the same way.
 * <ul>
 *   <li>Deletions: int count of set bits, then that many ascending ordinals.</li>
 *   <li>Vectors: padding to {@link IndexFileWriter#SECTION_ALIGNMENT}, then {@code size × dimension}
 *       little-endian floats, row-major, so they can be memory-mapped in place.</li>
 * </ul>
 */
public final class CommonSections {

    private CommonSections() {
    }

    /** Writes the ordinals below {@code size} that {@code deleted} holds. */
    public static void writeDeleted(IndexFileWriter writer, Bits deleted, int size) throws IOException {
        int count = 0;
        for (int ordinal = 0; ordinal < size; ordinal++) {
            if (deleted.get(ordinal)) {
                count++;
            }
        }
        writer.writeInt(count);
        for (int ordinal = 0; ordinal < size && count > 0; ordinal++) {
            if (deleted.get(ordinal)) {
                writer.writeInt(ordinal);
                count--;
            }
        }
    }

    /** Reads what {@link #writeDeleted} wrote for an index of {@code size} ordinals. */
    public static ConcurrentBitSet readDeleted(IndexFileReader reader, int size) throws CorruptIndexException {
        int count = reader.readInt("deleted count", 0, size);
        ConcurrentBitSet deleted = new ConcurrentBitSet(size);
        int previous = -1;
        for (int i = 0; i < count; i++) {
            int ordinal = reader.readInt("deleted ordinal", previous + 1, size - 1);
            deleted.set(ordinal);
            previous = ordinal;
        }
        return deleted;
    }

    /** Writes the first {@code size} vectors of {@code storage}. */
    public static void writeVectors(IndexFileWriter writer, VectorStorage storage, int size) throws IOException {
        writer.align();
        float[] vector = new float[storage.dimension()];
        for (int ordinal = 0; ordinal < size; ordinal++) {
            writer.writeFloats(storage.copyInto(ordinal, vector), 0, vector.length);
        }
    }

    /**
     * Reads {@code size} vectors written by {@link #writeVectors}: copied onto the heap, or, when
     * {@code mapped}, served from the file's mapping (the caller must then keep the mapping open).
     */
    public static VectorStorage readVectors(IndexFileReader reader, int dimension, int size, boolean mapped)
            throws CorruptIndexException {
        reader.align();
        reader.requireRemaining((long) size * dimension * Float.BYTES, size + " vectors of dimension " + dimension);
        if (mapped) {
            return new MappedVectorStorage(reader.slice((long) size * dimension * Float.BYTES), dimension, size);
        }
        HeapVectorStorage storage = new HeapVectorStorage(dimension);
        float[] vector = new float[dimension];
        for (int ordinal = 0; ordinal < size; ordinal++) {
            reader.readFloats(vector, 0, dimension);
            storage.set(ordinal, vector);
        }
        return storage;
    }
}
