package dev.annex;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.api.VectorIndex;
import dev.annex.format.CorruptIndexException;
import dev.annex.vector.Similarity;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files whose checksum is valid but whose fields lie (a writer bug or a crafted file): each is a
 * {@link CorruptIndexException} naming the field, never an {@link OutOfMemoryError}, an
 * {@link ArrayIndexOutOfBoundsException} at search time, or a silently wrong index.
 */
class CraftedFileTest {

    /** HNSW field offsets after the 24-byte common header. */
    private static final int HNSW_THREADS = 40;
    private static final int HNSW_SIZE = 44;
    private static final int HNSW_ENTRY_LEVEL = 52;
    private static final int HNSW_LEVELS = 56;
    private static final int IVF_RERANK = 32;

    @TempDir
    Path dir;

    @Test
    void hugeDimensionIsRejectedBeforeAllocating() throws Exception {
        Path file = saved("Flat,threads1");
        assertCorrupt(crafted(file, 20, 0x40000010), "dimension is 1073741840");
    }

    @Test
    void hnswSettingsOutsideTheirBoundsAreCorruption() throws Exception {
        Path file = saved("HNSW8,efc32,seed1,threads1");
        assertCorrupt(crafted(file, HNSW_THREADS, 5000), "build threads must be in [1, 1024], got 5000");
        assertCorrupt(crafted(file, HNSW_SIZE, Integer.MAX_VALUE), "need at least");
    }

    @Test
    void hnswEntryThatDisagreesWithItsNodeIsCorruption() throws Exception {
        Path file = saved("HNSW8,efc32,seed1,threads1");
        ByteBuffer content = read(file);
        int entryLevel = content.getInt(HNSW_ENTRY_LEVEL);
        assertCorrupt(crafted(file, HNSW_ENTRY_LEVEL, entryLevel + 1), "entry node");
    }

    /** A node listed on an upper layer whose own level is 0 would be a null row at search time. */
    @Test
    void hnswUpperLayerLinkToALowerNodeIsCorruption() throws Exception {
        Path file = saved("HNSW8,efc32,seed1,threads1");
        ByteBuffer content = read(file);
        int size = content.getInt(HNSW_SIZE);
        int position = HNSW_LEVELS;
        int[] levels = new int[size];
        int levelZeroNode = -1;
        for (int node = 0; node < size; node++) {
            levels[node] = content.getInt(position);
            position += 4;
            if (levels[node] == 0 && levelZeroNode < 0) {
                levelZeroNode = node;
            }
        }
        position += 4 + 4 * content.getInt(position);
        for (int node = 0; node < size; node++) {
            position += 4 + 4 * content.getInt(position);
        }
        int firstUpperList = -1;
        for (int node = 0; node < size && firstUpperList < 0; node++) {
            if (levels[node] > 0 && content.getInt(position) > 0) {
                firstUpperList = position;
            }
            for (int level = 1; level <= levels[node]; level++) {
                position += 4 + 4 * content.getInt(position);
            }
        }
        assertTrue(firstUpperList > 0, "the test graph has an upper layer");
        assertCorrupt(crafted(file, firstUpperList + 4, levelZeroNode), "that node's level is 0");
    }

    @Test
    void ivfSettingsOutsideTheirBoundsAreCorruption() throws Exception {
        Path file = saved("IVF4,PQ8x8,Rerank2,seed1,threads1,iter2");
        assertCorrupt(crafted(file, IVF_RERANK, 2_000_000), "rerank factor must be in [0, 1000], got 2000000");
    }

    @Test
    void aDirectoryOrNothingIsAClearError() {
        FileSystemException directory = assertThrows(FileSystemException.class, () -> Indexes.load(dir));
        assertTrue(directory.getMessage().contains("is a directory"), directory.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Indexes.load(null));
        assertTrue(missing.getMessage().contains("path is null"), missing.getMessage());
    }

    private Path saved(String factory) throws Exception {
        Path file = dir.resolve("original.annex");
        try (VectorIndex index = Indexes.create(8, Similarity.L2, factory)) {
            float[][] data = TestData.clustered(400, 8, 6, 12);
            index.train(data);
            index.addAll(data);
            index.save(file);
        }
        return file;
    }

    private static ByteBuffer read(Path file) throws Exception {
        return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A copy of {@code file} with the int at {@code offset} replaced and the checksum recomputed, so only the meaning is wrong. */
    private Path crafted(Path file, int offset, int value) throws Exception {
        ByteBuffer bytes = read(file);
        bytes.putInt(offset, value);
        int contentEnd = bytes.capacity() - 8;
        CRC32C crc = new CRC32C();
        crc.update(bytes.array(), 0, contentEnd);
        bytes.putInt(contentEnd, (int) crc.getValue());
        Path crafted = dir.resolve("crafted-" + offset + ".annex");
        Files.write(crafted, bytes.array());
        return crafted;
    }

    private static void assertCorrupt(Path file, String part) {
        for (boolean mapped : new boolean[] {false, true}) {
            CorruptIndexException thrown = assertThrows(CorruptIndexException.class, () -> Indexes.load(file, mapped));
            assertTrue(thrown.getMessage().contains(part), "'" + thrown.getMessage() + "' should mention '" + part + "'");
        }
    }
}
