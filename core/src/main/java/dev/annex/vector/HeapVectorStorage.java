package dev.annex.vector;

import java.util.Arrays;

/**
 * Growable on-heap storage: vectors live row-major in fixed-size {@code float[]} chunks, so no
 * single array exceeds 2^31 elements and growth never copies vectors. Chunks are large enough for
 * the collector to place each on a region boundary, and vectors start a lead of floats into their
 * chunk so that they begin on cache lines ({@link LargeArrayPlacement}). Any number of threads may
 * read while others write distinct ordinals; a reader must learn of an ordinal through a
 * happens-before edge (such as a volatile size) after its writer called {@link #set}.
 */
public final class HeapVectorStorage implements VectorStorage {

    private static final VectorKernels KERNELS = VectorKernelsProvider.kernels();
    /**
     * Floats per chunk are at most 2^20 (4 MiB) unless one vector, or the size from which the
     * collector gives an array a region of its own, is larger: small enough that the last, partly
     * used chunk wastes little.
     */
    private static final int MAX_CHUNK_FLOATS_LOG2 = 20;

    private final int dimension;
    private final int chunkShift;
    private final int chunkMask;
    /** Floats before the first vector of a chunk, so that it starts on a cache line. */
    private final int lead;
    private volatile float[][] chunks = new float[0][];
    private volatile int size;

    /** Empty storage for vectors of {@code dimension} components. */
    public HeapVectorStorage(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be > 0, got " + dimension);
        }
        this.dimension = dimension;
        LargeArrayPlacement placement = LargeArrayPlacement.jvm();
        int dimensionLog2 = 32 - Integer.numberOfLeadingZeros(dimension - 1);
        int shift = Math.max(0, MAX_CHUNK_FLOATS_LOG2 - dimensionLog2);
        while (((long) dimension << shift) * Float.BYTES < placement.ownRegionBytes()) {
            shift++;
        }
        this.chunkShift = shift;
        this.chunkMask = (1 << chunkShift) - 1;
        this.lead = placement.floatLead();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int size() {
        return size;
    }

    /** Vectors per chunk. */
    public int vectorsPerChunk() {
        return 1 << chunkShift;
    }

    private int chunkFloats() {
        return lead + vectorsPerChunk() * dimension;
    }

    @Override
    public long bytesUsed() {
        return (long) chunks.length * chunkFloats() * Float.BYTES;
    }

    /**
     * Stores {@code vector} at {@code ordinal}, growing as needed; {@link #size()} becomes at
     * least {@code ordinal + 1}. The caller has validated the vector.
     */
    public void set(int ordinal, float[] vector) {
        if (ordinal < 0) {
            throw new IndexOutOfBoundsException("ordinal must be >= 0, got " + ordinal);
        }
        float[][] current = chunks;
        int chunk = ordinal >>> chunkShift;
        if (chunk >= current.length) {
            current = grow(chunk);
        }
        System.arraycopy(vector, 0, current[chunk], offsetInChunk(ordinal), dimension);
        raiseSize(ordinal + 1);
    }

    private synchronized void raiseSize(int atLeast) {
        if (size < atLeast) {
            size = atLeast;
        }
    }

    private synchronized float[][] grow(int chunk) {
        float[][] current = chunks;
        if (chunk < current.length) {
            return current;
        }
        // Grow to exactly the chunks needed: the directory copy is cheap, unused chunks are not.
        float[][] grown = Arrays.copyOf(current, chunk + 1);
        for (int i = current.length; i < grown.length; i++) {
            grown[i] = new float[chunkFloats()];
        }
        chunks = grown;
        return grown;
    }

    /** The chunk holding {@code ordinal}; with {@link #offsetInChunk} it addresses the vector directly. */
    public float[] chunkOf(int ordinal) {
        return chunks[ordinal >>> chunkShift];
    }

    /** Where vector {@code ordinal} starts inside {@link #chunkOf}. */
    public int offsetInChunk(int ordinal) {
        return lead + (ordinal & chunkMask) * dimension;
    }

    @Override
    public float[] copyInto(int ordinal, float[] into) {
        System.arraycopy(chunkOf(ordinal), offsetInChunk(ordinal), into, 0, dimension);
        return into;
    }

    @Override
    public float dotProduct(float[] query, int ordinal) {
        return KERNELS.dotProduct(query, 0, chunkOf(ordinal), offsetInChunk(ordinal), dimension);
    }

    @Override
    public void scoreAll(float[] query, int[] ordinals, int count, boolean squareDistance, float[] out) {
        float[][] current = chunks;
        for (int i = 0; i < count; i += 4) {
            // A short last group repeats its last ordinal: the repeats hit cache, and all groups take the 4-wide path.
            int last = count - 1;
            int a = ordinals[i], b = ordinals[Math.min(i + 1, last)];
            int c = ordinals[Math.min(i + 2, last)], d = ordinals[Math.min(i + 3, last)];
            float[] chunkA = current[a >>> chunkShift], chunkB = current[b >>> chunkShift];
            float[] chunkC = current[c >>> chunkShift], chunkD = current[d >>> chunkShift];
            int offsetA = offsetInChunk(a), offsetB = offsetInChunk(b);
            int offsetC = offsetInChunk(c), offsetD = offsetInChunk(d);
            if (squareDistance) {
                KERNELS.squareDistance4(query, 0, chunkA, offsetA, chunkB, offsetB, chunkC, offsetC, chunkD, offsetD, dimension, out, i);
            } else {
                KERNELS.dotProduct4(query, 0, chunkA, offsetA, chunkB, offsetB, chunkC, offsetC, chunkD, offsetD, dimension, out, i);
            }
        }
    }

    @Override
    public float squareDistance(float[] query, int ordinal) {
        return KERNELS.squareDistance(query, 0, chunkOf(ordinal), offsetInChunk(ordinal), dimension);
    }
}
