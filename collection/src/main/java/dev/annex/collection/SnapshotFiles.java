package dev.annex.collection;

import dev.annex.Indexes;
import dev.annex.api.VectorIndex;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A collection's snapshots: directory {@code snapshot-<seq, 20 digits>} holding the index (the
 * core's checksummed, atomically written file) and {@code state.bin} (magic, sequence number,
 * generation, count, then every stored point's ordinal, id key and payload; big-endian, ending
 * with the CRC32C of what precedes it, see {@link Durable#writeChecked}), named by
 * the file {@code SNAPSHOT}, which is replaced atomically once both are durable. Older snapshots
 * are deleted after that.
 */
final class SnapshotFiles {

    private static final String POINTER = "SNAPSHOT";
    private static final int STATE_MAGIC = 0x414E5853; // "ANXS"

    /** One stored point of a snapshot's state. */
    record Entry(int ordinal, String key, byte[] payload) {
    }

    /**
     * A loaded snapshot: the sequence number it covers, the generation of its ordinals (the
     * sequence number of the compaction that last renumbered them, 0 before any), its index and
     * its state.
     */
    record Loaded(long seq, long generation, VectorIndex index, List<Entry> entries) {
    }

    private SnapshotFiles() {
    }

    /** The latest snapshot of {@code collection}, or null when none was taken. */
    static Loaded load(Path collection) throws IOException {
        Path pointer = collection.resolve(POINTER);
        if (!Files.exists(pointer)) {
            return null;
        }
        String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
        if (!name.matches("snapshot-\\d{20}")) {
            throw new IOException("snapshot pointer " + pointer + " names '" + name + "', not a snapshot directory");
        }
        Path directory = collection.resolve(name);
        long seq = Long.parseLong(name.substring("snapshot-".length()));
        long[] generation = new long[1];
        List<Entry> entries = readState(directory.resolve("state.bin"), generation);
        VectorIndex index = Indexes.load(directory.resolve("index.annex"));
        return new Loaded(seq, generation[0], index, entries);
    }

    /**
     * Writes a snapshot covering log records up to {@code seq}: {@code index} and the stored
     * points {@code entries} hands to its visitor (a {@link CollectionState}'s {@code forEach}).
     */
    static void write(Path collection, long seq, long generation, VectorIndex index,
                      Consumer<CollectionState.StateVisitor> entries) throws IOException {
        String name = String.format("snapshot-%020d", seq);
        Path directory = collection.resolve(name);
        Files.createDirectories(directory);
        index.save(directory.resolve("index.annex"));
        Durable.writeChecked(directory.resolve("state.bin"), encodeState(seq, generation, entries));
        Durable.syncDirectory(directory);
        Durable.write(collection.resolve(POINTER), name.getBytes(StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(collection)) {
            for (Path old : files.filter(p -> p.getFileName().toString().matches("snapshot-\\d{20}")
                    && !p.getFileName().toString().equals(name)).toList()) {
                Durable.deleteTree(old);
            }
        }
    }

    private static byte[] encodeState(long seq, long generation, Consumer<CollectionState.StateVisitor> source) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(STATE_MAGIC);
        out.writeLong(seq);
        out.writeLong(generation);
        List<Entry> entries = new ArrayList<>();
        source.accept((ordinal, key, payload) -> entries.add(new Entry(ordinal, key, payload)));
        out.writeInt(entries.size());
        for (Entry entry : entries) {
            byte[] key = entry.key().getBytes(StandardCharsets.UTF_8);
            out.writeInt(entry.ordinal());
            out.writeInt(key.length);
            out.write(key);
            out.writeInt(entry.payload().length);
            out.write(entry.payload());
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static List<Entry> readState(Path file, long[] generation) throws IOException {
        ByteBuffer in = Durable.readChecked(file, "snapshot state");
        if (in.remaining() < 24 || in.getInt() != STATE_MAGIC) {
            throw new IOException("snapshot state " + file + " has a bad magic number");
        }
        in.getLong();
        generation[0] = in.getLong();
        int count = in.getInt();
        List<Entry> entries = new ArrayList<>(Math.max(0, Math.min(count, in.remaining() / 12)));
        try {
            for (int i = 0; i < count; i++) {
                int ordinal = in.getInt();
                byte[] key = new byte[in.getInt()];
                in.get(key);
                byte[] payload = new byte[in.getInt()];
                in.get(payload);
                entries.add(new Entry(ordinal, new String(key, StandardCharsets.UTF_8), payload));
            }
        } catch (RuntimeException e) {
            throw new IOException("snapshot state " + file + " is inconsistent: " + e, e);
        }
        return entries;
    }

}
