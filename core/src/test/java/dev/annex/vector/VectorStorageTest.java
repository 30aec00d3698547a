package dev.annex.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorStorageTest {

    @Test
    void heapStorageSpansChunksAndReportsBytes() {
        HeapVectorStorage storage = new HeapVectorStorage(784);
        int count = storage.vectorsPerChunk() * 2 + 3;
        for (int i = 0; i < count; i++) {
            float[] vector = new float[784];
            vector[i % 784] = i;
            storage.set(i, vector);
        }
        assertEquals(count, storage.size());
        float[] query = new float[784];
        for (int i = 0; i < count; i += 97) {
            query[i % 784] = 1f;
            assertEquals(i, storage.dotProduct(query, i), 0f);
            query[i % 784] = 0f;
        }
        assertTrue(storage.bytesUsed() >= (long) count * 784 * Float.BYTES);
        assertTrue(storage.bytesUsed() <= (long) (count + storage.vectorsPerChunk()) * 784 * Float.BYTES);
    }

    /**
     * Under G1, the default collector, vectors whose size is a multiple of 64 bytes start on cache
     * lines, in every chunk and after a full collection. The address comes from C's memset, handed
     * the array in a critical call and asked to set 0 bytes: it returns the address it was given.
     */
    @Test
    void vectorsStartOnCacheLinesUnderG1() throws Throwable {
        assumeTrue(ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(gc -> gc.getName().startsWith("G1")),
                "placement is known only under G1");
        Linker linker = Linker.nativeLinker();
        MethodHandle memset = linker.downcallHandle(linker.defaultLookup().find("memset").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                Linker.Option.critical(true));
        for (int dimension : new int[] {96, 784}) {
            HeapVectorStorage storage = new HeapVectorStorage(dimension);
            int perChunk = storage.vectorsPerChunk();
            int count = 2 * perChunk + 3;
            for (int i = 0; i < count; i++) {
                storage.set(i, new float[dimension]);
            }
            System.gc();
            for (int ordinal : new int[] {0, 1, 2, 3, perChunk - 1, perChunk, perChunk + 1, count - 1}) {
                MemorySegment vector = MemorySegment.ofArray(storage.chunkOf(ordinal))
                        .asSlice((long) storage.offsetInChunk(ordinal) * Float.BYTES);
                long address = ((MemorySegment) memset.invokeExact(vector, 0, 0L)).address();
                assertEquals(0, address % LargeArrayPlacement.CACHE_LINE_BYTES,
                        "dimension " + dimension + ", vector " + ordinal + " starts at address " + address);
            }
        }
    }

    @Test
    void rejectsBadDimension() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HeapVectorStorage(0));
        assertTrue(e.getMessage().contains("0"));
    }

    /** Ten million 768-d vectors are 30.7 GB: a sparse file proves the last one is addressed without int overflow. */
    @Test
    void mappedStorageAddressesTenMillionBy768(@TempDir Path dir) throws Exception {
        int dimension = 768;
        int size = 10_000_000;
        long bytes = (long) dimension * size * Float.BYTES;
        Path file = dir.resolve("sparse.f32");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(bytes);
        }
        float[] last = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            last[i] = i * 0.5f;
        }
        try (Arena arena = Arena.ofConfined(); FileChannel channel = FileChannel.open(file,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
            long lastOffset = (long) (size - 1) * dimension * Float.BYTES;
            MemorySegment.copy(last, 0, segment, ScalarVectorKernels.LITTLE_ENDIAN_FLOAT, lastOffset, dimension);
            MappedVectorStorage storage = new MappedVectorStorage(segment, dimension, size);
            assertEquals(bytes, storage.bytesUsed());
            assertArrayEquals(last, storage.copyInto(size - 1, new float[dimension]));
            float[] ones = new float[dimension];
            java.util.Arrays.fill(ones, 1f);
            float expected = 0;
            for (float x : last) {
                expected += x;
            }
            assertEquals(expected, storage.dotProduct(ones, size - 1), 1e-2f);
            assertEquals(0f, storage.dotProduct(ones, size - 2), 0f);
            float[] batch = new float[4];
            storage.scoreAll(ones, new int[] {size - 2, size - 1, size - 1}, 3, false, batch);
            assertEquals(0f, batch[0], 0f);
            assertEquals(expected, batch[1], 1e-2f);
            assertEquals(expected, batch[2], 1e-2f);
        }
    }

    /**
     * Batches of 0 to 9 ordinals (repeats included; seed 81) score as one-by-one calls do, on heap
     * storage and on a segment holding the same vectors, for inner products and squared distances.
     */
    @Test
    void batchesScoreAsSingleCallsOnHeapAndMappedStorage() {
        int dimension = 37;
        int size = 50;
        java.util.Random random = new java.util.Random(81);
        HeapVectorStorage heap = new HeapVectorStorage(dimension);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate((long) size * dimension * Float.BYTES);
            for (int ordinal = 0; ordinal < size; ordinal++) {
                float[] vector = new float[dimension];
                for (int j = 0; j < dimension; j++) {
                    vector[j] = random.nextFloat() * 2 - 1;
                }
                heap.set(ordinal, vector);
                MemorySegment.copy(vector, 0, segment, ScalarVectorKernels.LITTLE_ENDIAN_FLOAT, (long) ordinal * dimension * Float.BYTES,
                        dimension);
            }
            MappedVectorStorage mapped = new MappedVectorStorage(segment, dimension, size);
            float[] query = new float[dimension];
            for (int j = 0; j < dimension; j++) {
                query[j] = random.nextFloat() * 2 - 1;
            }
            for (VectorStorage storage : new VectorStorage[] {heap, mapped}) {
                for (int count = 0; count <= 9; count++) {
                    int[] ordinals = new int[count];
                    for (int i = 0; i < count; i++) {
                        ordinals[i] = random.nextInt(size);
                    }
                    for (boolean squareDistance : new boolean[] {false, true}) {
                        float[] out = new float[(count + 3) & ~3];
                        storage.scoreAll(query, ordinals, count, squareDistance, out);
                        for (int i = 0; i < count; i++) {
                            float single = squareDistance ? storage.squareDistance(query, ordinals[i]) : storage.dotProduct(query, ordinals[i]);
                            assertEquals(single, out[i], 1e-4f, storage.getClass().getSimpleName() + " count " + count + " position " + i);
                        }
                    }
                }
            }
        }
    }
}
