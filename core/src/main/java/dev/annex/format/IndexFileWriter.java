package dev.annex.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes an index file and publishes it atomically. Bytes go to a temporary file beside the
 * target, little-endian, through a running CRC32C; {@link #commit()} appends the footer, forces
 * the file to disk, renames it over the target and forces the directory. Until then the target
 * is untouched; {@link #close()} without commit deletes the temporary file.
 */
public final class IndexFileWriter implements AutoCloseable {

    /** The format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** Sections that are memory-mapped start at multiples of this many bytes. */
    public static final int SECTION_ALIGNMENT = 64;

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long position;
    private boolean committed;

    /** Starts a file for {@code target} and writes {@code header}. */
    public IndexFileWriter(Path target, IndexFileHeader header) throws IOException {
        this.target = target.toAbsolutePath();
        Path directory = this.target.getParent();
        Files.createDirectories(directory);
        this.temporary = Files.createTempFile(directory, "." + this.target.getFileName(), ".tmp");
        this.channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        writeLong(IndexFileHeader.MAGIC);
        writeInt(FORMAT_VERSION);
        writeInt(header.type().id());
        writeInt(header.similarity().id());
        writeInt(header.dimension());
    }

    public void writeInt(int value) throws IOException {
        room(Integer.BYTES).putInt(value);
        position += Integer.BYTES;
    }

    public void writeLong(long value) throws IOException {
        room(Long.BYTES).putLong(value);
        position += Long.BYTES;
    }

    public void writeFloat(float value) throws IOException {
        room(Float.BYTES).putFloat(value);
        position += Float.BYTES;
    }

    /** Writes {@code count} ints of {@code values} from {@code offset}. */
    public void writeInts(int[] values, int offset, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            writeInt(values[offset + i]);
        }
    }

    /** Writes {@code count} floats of {@code values} from {@code offset}. */
    public void writeFloats(float[] values, int offset, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            writeFloat(values[offset + i]);
        }
    }

    /** Writes {@code count} bytes of {@code values} from {@code offset}. */
    public void writeBytes(byte[] values, int offset, int count) throws IOException {
        int written = 0;
        while (written < count) {
            ByteBuffer target = room(1);
            int chunk = Math.min(count - written, target.remaining());
            target.put(values, offset + written, chunk);
            written += chunk;
            position += chunk;
        }
    }

    /** Pads with zero bytes up to the next multiple of {@link #SECTION_ALIGNMENT}. */
    public void align() throws IOException {
        while (position % SECTION_ALIGNMENT != 0) {
            room(1).put((byte) 0);
            position++;
        }
    }

    /** Bytes written so far, header included. */
    public long position() {
        return position;
    }

    /** Appends the footer and atomically replaces the target with the finished file. */
    public void commit() throws IOException {
        flush();
        ByteBuffer footer = ByteBuffer.allocate(IndexFileHeader.FOOTER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        footer.putInt((int) crc.getValue()).putInt(IndexFileHeader.FOOTER_MAGIC).flip();
        while (footer.hasRemaining()) {
            channel.write(footer);
        }
        channel.force(true);
        channel.close();
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            channel.close();
            Files.deleteIfExists(temporary);
        }
    }

    private ByteBuffer room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
        return buffer;
    }

    private void flush() throws IOException {
        buffer.flip();
        crc.update(buffer.duplicate());
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }
}
