package dev.annex.collection;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** File publication that survives a crash: write a temporary file, fsync it, rename it over the target, fsync the directory. */
final class Durable {

    private Durable() {
    }

    /** Replaces {@code target} with {@code content} atomically and durably. */
    static void write(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    /** Replaces {@code target} with {@code content} followed by its CRC32C (4 bytes, big-endian), atomically and durably. */
    static void writeChecked(Path target, byte[] content) throws IOException {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(content);
        write(target, java.nio.ByteBuffer.allocate(content.length + 4).put(content).putInt((int) crc.getValue()).array());
    }

    /**
     * The content of a file {@link #writeChecked} wrote, its checksum verified; {@code what}
     * names the file's role in the error a truncated or altered file gets.
     */
    static java.nio.ByteBuffer readChecked(Path file, String what) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        if (bytes.length >= 4) {
            crc.update(bytes, 0, bytes.length - 4);
        }
        if (bytes.length < 4 || java.nio.ByteBuffer.wrap(bytes).getInt(bytes.length - 4) != (int) crc.getValue()) {
            throw new IOException(what + " " + file + " fails its checksum (" + bytes.length + " bytes): the file is truncated or damaged");
        }
        return java.nio.ByteBuffer.wrap(bytes, 0, bytes.length - 4).slice();
    }

    /** Deletes {@code root} and everything below it. */
    static void deleteTree(Path root) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Makes the directory's entries (created, renamed, deleted files) durable. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
