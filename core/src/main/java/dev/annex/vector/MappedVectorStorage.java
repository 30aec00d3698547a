package dev.annex.vector;

import java.lang.foreign.MemorySegment;

/**
 * Read-only storage over little-endian floats in a {@link MemorySegment}, typically a section of
 * a memory-mapped index file, so an index can be searched without loading its vectors on the heap.
 */
public final class MappedVectorStorage implements VectorStorage {

    private static final VectorKernels KERNELS = VectorKernelsProvider.kernels();

    private final MemorySegment segment;
    private final int dimension;
    private final int size;
    private final long vectorBytes;

    /** Views {@code size} vectors of {@code dimension} floats laid out row-major from the start of {@code segment}. */
    public MappedVectorStorage(MemorySegment segment, int dimension, int size) {
        long needed = (long) dimension * size * Float.BYTES;
        if (segment.byteSize() < needed) {
            throw new IllegalArgumentException("segment holds " + segment.byteSize() + " bytes, "
                    + size + " vectors of dimension " + dimension + " need " + needed);
        }
        this.segment = segment;
        this.dimension = dimension;
        this.size = size;
        this.vectorBytes = (long) dimension * Float.BYTES;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long bytesUsed() {
        return vectorBytes * size;
    }

    @Override
    public float[] copyInto(int ordinal, float[] into) {
        MemorySegment.copy(segment, ScalarVectorKernels.LITTLE_ENDIAN_FLOAT, ordinal * vectorBytes, into, 0, dimension);
        return into;
    }

    @Override
    public float dotProduct(float[] query, int ordinal) {
        return KERNELS.dotProduct(query, segment, ordinal * vectorBytes, dimension);
    }

    @Override
    public void scoreAll(float[] query, int[] ordinals, int count, boolean squareDistance, float[] out) {
        for (int i = 0; i < count; i += 4) {
            // As HeapVectorStorage does: a short last group repeats its last ordinal, every group takes the 4-wide kernel.
            int last = count - 1;
            long a = ordinals[i] * vectorBytes, b = ordinals[Math.min(i + 1, last)] * vectorBytes;
            long c = ordinals[Math.min(i + 2, last)] * vectorBytes, d = ordinals[Math.min(i + 3, last)] * vectorBytes;
            if (squareDistance) {
                KERNELS.squareDistance4(query, segment, a, b, c, d, dimension, out, i);
            } else {
                KERNELS.dotProduct4(query, segment, a, b, c, d, dimension, out, i);
            }
        }
    }

    @Override
    public float squareDistance(float[] query, int ordinal) {
        return KERNELS.squareDistance(query, segment, ordinal * vectorBytes, dimension);
    }
}
