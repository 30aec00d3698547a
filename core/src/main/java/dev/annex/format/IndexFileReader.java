package dev.annex.format;

import dev.annex.vector.Similarity;
import dev.annex.vector.Vectors;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads an index file written by {@link IndexFileWriter}. Opening memory-maps the file and
 * verifies length, magic, format version, footer and CRC32C before anything is read, so a
 * truncated or altered file is a {@link CorruptIndexException}, never a wrong answer. Reads are
 * sequential from just after the header. The mapping lives until {@link #close()}, unless
 * {@link #keepMapping()} hands it to whoever serves sections straight from it.
 */
public final class IndexFileReader implements AutoCloseable {

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long CRC_SLICE = 1L << 30;

    private final Path path;
    private final Arena arena;
    private final MemorySegment file;
    private final long contentEnd;
    private final IndexFileHeader header;
    private long position;
    private boolean mappingKept;

    private IndexFileReader(Path path, Arena arena, MemorySegment file) throws CorruptIndexException {
        this.path = path;
        this.arena = arena;
        this.file = file;
        this.contentEnd = file.byteSize() - IndexFileHeader.FOOTER_BYTES;
        this.header = verify();
        this.position = IndexFileHeader.HEADER_BYTES;
    }

    /** Maps and verifies {@code path}; the caller closes the reader. */
    public static IndexFileReader open(Path path) throws IOException {
        checkIsFile(path);
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return new IndexFileReader(path, arena, file);
        } catch (IOException | RuntimeException e) {
            arena.close();
            if (e instanceof NoSuchFileException) {
                throw new NoSuchFileException(path.toString(), null, "no index file here");
            }
            throw e;
        }
    }

    /**
     * The index type named in the header of {@code path}, read without verifying the rest of the
     * file; the loader of that type verifies everything.
     */
    public static IndexType peekType(Path path) throws IOException {
        checkIsFile(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(IndexFileHeader.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (header.hasRemaining() && channel.read(header) >= 0) {
                // keep reading until the header is complete or the file ends
            }
            if (header.hasRemaining() || header.getLong(0) != IndexFileHeader.MAGIC) {
                throw new CorruptIndexException(path, "no Annex index header (bad magic or shorter than "
                        + IndexFileHeader.HEADER_BYTES + " bytes)");
            }
            IndexType type = IndexType.fromId(header.getInt(12));
            if (type == null) {
                throw new CorruptIndexException(path, "unknown index type id " + header.getInt(12));
            }
            return type;
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "no index file here");
        }
    }

    private static void checkIsFile(Path path) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("path is null");
        }
        if (Files.isDirectory(path)) {
            throw new FileSystemException(path.toString(), null, "is a directory, not an index file");
        }
    }

    /** Maps and verifies {@code path} and checks that it holds an {@code expected} index; the caller closes the reader. */
    public static IndexFileReader open(Path path, IndexType expected) throws IOException {
        IndexFileReader reader = open(path);
        if (reader.header.type() != expected) {
            reader.close();
            throw reader.corrupt("holds a " + reader.header.type() + " index, expected " + expected);
        }
        return reader;
    }

    private IndexFileHeader verify() throws CorruptIndexException {
        long length = file.byteSize();
        if (length < IndexFileHeader.HEADER_BYTES + IndexFileHeader.FOOTER_BYTES) {
            throw corrupt("only " + length + " bytes, shorter than header and footer");
        }
        if (file.get(LONG, 0) != IndexFileHeader.MAGIC) {
            throw corrupt("bad magic at offset 0, not an Annex index file");
        }
        if (file.get(INT, contentEnd + 4) != IndexFileHeader.FOOTER_MAGIC) {
            throw corrupt("bad footer magic at offset " + (contentEnd + 4) + " (truncated or appended to?)");
        }
        int storedCrc = file.get(INT, contentEnd);
        int actualCrc = crcOfContent();
        if (storedCrc != actualCrc) {
            throw corrupt(String.format("checksum mismatch: footer says CRC32C %08x, content has %08x", storedCrc, actualCrc));
        }
        int version = file.get(INT, 8);
        if (version != IndexFileWriter.FORMAT_VERSION) {
            throw corrupt("format version " + version + ", this build reads version " + IndexFileWriter.FORMAT_VERSION);
        }
        IndexType type = IndexType.fromId(file.get(INT, 12));
        if (type == null) {
            throw corrupt("unknown index type id " + file.get(INT, 12));
        }
        Similarity similarity;
        try {
            similarity = Similarity.fromId(file.get(INT, 16));
        } catch (IllegalArgumentException e) {
            throw corrupt(e.getMessage());
        }
        int dimension = file.get(INT, 20);
        if (dimension <= 0 || dimension > Vectors.MAX_DIMENSION) {
            throw corrupt("dimension is " + dimension + ", outside [1, " + Vectors.MAX_DIMENSION + "]");
        }
        return new IndexFileHeader(type, similarity, dimension);
    }

    private int crcOfContent() {
        CRC32C crc = new CRC32C();
        for (long offset = 0; offset < contentEnd; offset += CRC_SLICE) {
            crc.update(file.asSlice(offset, Math.min(CRC_SLICE, contentEnd - offset)).asByteBuffer());
        }
        return (int) crc.getValue();
    }

    /** The verified header. */
    public IndexFileHeader header() {
        return header;
    }

    /** The file being read. */
    public Path path() {
        return path;
    }

    public int readInt() throws CorruptIndexException {
        return file.get(INT, advance(Integer.BYTES));
    }

    public long readLong() throws CorruptIndexException {
        return file.get(LONG, advance(Long.BYTES));
    }

    public float readFloat() throws CorruptIndexException {
        return file.get(FLOAT, advance(Float.BYTES));
    }

    /** Reads an int and checks {@code min <= value <= max}; {@code what} names the field in the error. */
    public int readInt(String what, int min, int max) throws CorruptIndexException {
        int value = readInt();
        if (value < min || value > max) {
            throw corrupt(what + " is " + value + ", outside [" + min + ", " + max + "]");
        }
        return value;
    }

    /**
     * Checks that at least {@code bytes} bytes are left before the footer, so that a count read
     * from the file cannot make the loader allocate more than the file could hold.
     */
    public void requireRemaining(long bytes, String what) throws CorruptIndexException {
        if (bytes < 0 || bytes > contentEnd - position) {
            throw corrupt(what + " need at least " + bytes + " bytes, but only " + (contentEnd - position) + " are left at offset "
                    + position);
        }
    }

    /** A setting object built from fields read from the file; a field out of its bounds is corruption naming the bound. */
    public <T> T checked(java.util.function.Supplier<T> construction) throws CorruptIndexException {
        try {
            return construction.get();
        } catch (IllegalArgumentException e) {
            throw corrupt(e.getMessage());
        }
    }

    /** Reads {@code count} ints into {@code into} from {@code offset}. */
    public void readInts(int[] into, int offset, int count) throws CorruptIndexException {
        MemorySegment.copy(file, INT, advance((long) count * Integer.BYTES), into, offset, count);
    }

    /** Reads {@code count} floats into {@code into} from {@code offset}. */
    public void readFloats(float[] into, int offset, int count) throws CorruptIndexException {
        MemorySegment.copy(file, FLOAT, advance((long) count * Float.BYTES), into, offset, count);
    }

    /** Reads {@code count} bytes into {@code into} from {@code offset}. */
    public void readBytes(byte[] into, int offset, int count) throws CorruptIndexException {
        MemorySegment.copy(file, ValueLayout.JAVA_BYTE, advance(count), into, offset, count);
    }

    /** Skips the padding {@link IndexFileWriter#align()} wrote. */
    public void align() throws CorruptIndexException {
        long aligned = (position + IndexFileWriter.SECTION_ALIGNMENT - 1) / IndexFileWriter.SECTION_ALIGNMENT
                * IndexFileWriter.SECTION_ALIGNMENT;
        advance(aligned - position);
    }

    /** The next {@code bytes} bytes as a view into the mapping, valid while the mapping lives. */
    public MemorySegment slice(long bytes) throws CorruptIndexException {
        return file.asSlice(advance(bytes), bytes);
    }

    /** Checks that every section has been read: nothing is left before the footer. */
    public void expectEnd() throws CorruptIndexException {
        if (position != contentEnd) {
            throw corrupt("sections end at offset " + position + " but the footer starts at " + contentEnd);
        }
    }

    /**
     * Keeps the mapping alive after {@link #close()}; the returned arena closes it. For indices
     * that serve vectors straight from the file.
     */
    public Arena keepMapping() {
        mappingKept = true;
        return arena;
    }

    /** An exception naming this file and {@code problem}. */
    public CorruptIndexException corrupt(String problem) {
        return new CorruptIndexException(path, problem);
    }

    private long advance(long bytes) throws CorruptIndexException {
        if (bytes < 0 || position + bytes > contentEnd) {
            throw corrupt("section of " + bytes + " bytes at offset " + position + " runs past the content end " + contentEnd);
        }
        long start = position;
        position += bytes;
        return start;
    }

    @Override
    public void close() {
        if (!mappingKept) {
            arena.close();
        }
    }
}
