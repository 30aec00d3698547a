package dev.annex.collection;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

/**
 * The id and payload state of a collection in persisted Chronicle Maps: id key to ordinal,
 * ordinal to id key, ordinal to payload bytes, and the sequence number of the last log record
 * applied. Opened with Chronicle's recovery when the files exist, so maps left mid-write by a
 * killed process are repaired; {@link #consistentWith} tells the collection whether to trust
 * them or rebuild them from the snapshot and the log, which are the source of truth.
 */
final class CollectionState implements Closeable {

    static {
        // Chronicle would otherwise try to send usage analytics; nothing here may leave the machine.
        System.setProperty("chronicle.analytics.disable", "true");
    }

    private static final String APPLIED = "applied";

    private final ChronicleMap<String, Integer> ordinalsById;
    private final ChronicleMap<Integer, String> idsByOrdinal;
    private final ChronicleMap<Integer, byte[]> payloads;
    private final ChronicleMap<String, Long> meta;
    private final boolean recoveredCleanly;

    private CollectionState(ChronicleMap<String, Integer> ordinalsById, ChronicleMap<Integer, String> idsByOrdinal,
                            ChronicleMap<Integer, byte[]> payloads, ChronicleMap<String, Long> meta, boolean recoveredCleanly) {
        this.ordinalsById = ordinalsById;
        this.idsByOrdinal = idsByOrdinal;
        this.payloads = payloads;
        this.meta = meta;
        this.recoveredCleanly = recoveredCleanly;
    }

    /** Chronicle sizes its entries from these averages; larger ids and payloads still fit, at some cost in space. */
    private static final int AVERAGE_ID_BYTES = 16;
    private static final int AVERAGE_PAYLOAD_BYTES = 64;

    /** Opens the maps in {@code directory}, recovering them when they exist, sized for {@code entries} points. */
    static CollectionState open(Path directory, long entries) throws IOException {
        Files.createDirectories(directory);
        AtomicBoolean corruption = new AtomicBoolean();
        long capacity = Math.max(1_000, entries);
        ChronicleMap<String, Integer> ordinalsById = openMap(ChronicleMap.of(String.class, Integer.class)
                .averageKeySize(AVERAGE_ID_BYTES).entries(capacity).maxBloatFactor(50),
                directory.resolve("ordinals-by-id.map"), corruption);
        ChronicleMap<Integer, String> idsByOrdinal = openMap(ChronicleMap.of(Integer.class, String.class)
                .averageValueSize(AVERAGE_ID_BYTES).entries(capacity).maxBloatFactor(50),
                directory.resolve("ids-by-ordinal.map"), corruption);
        ChronicleMap<Integer, byte[]> payloads = openMap(ChronicleMap.of(Integer.class, byte[].class)
                .averageValueSize(AVERAGE_PAYLOAD_BYTES).entries(capacity).maxBloatFactor(50),
                directory.resolve("payloads.map"), corruption);
        ChronicleMap<String, Long> meta = openMap(ChronicleMap.of(String.class, Long.class).averageKeySize(8).entries(16),
                directory.resolve("meta.map"), corruption);
        return new CollectionState(ordinalsById, idsByOrdinal, payloads, meta, !corruption.get());
    }

    private static <K, V> ChronicleMap<K, V> openMap(ChronicleMapBuilder<K, V> builder, Path path, AtomicBoolean corruption)
            throws IOException {
        File file = path.toFile();
        if (!file.exists()) {
            return builder.createPersistedTo(file);
        }
        try {
            return builder.recoverPersistedTo(file, true, event -> corruption.set(true));
        } catch (IOException | RuntimeException e) {
            // Beyond repair: the snapshot and the log rebuild it.
            corruption.set(true);
            Files.delete(path);
            return builder.createPersistedTo(file);
        }
    }

    /** Whether the maps opened without corruption and hold exactly the log's records up to some point between {@code from} and {@code to}. */
    boolean consistentWith(long from, long to) {
        long applied = appliedSeq();
        return recoveredCleanly && applied >= from && applied <= to && ordinalsById.size() == idsByOrdinal.size();
    }

    long appliedSeq() {
        Long applied = meta.get(APPLIED);
        return applied == null ? -1 : applied;
    }

    void setAppliedSeq(long seq) {
        meta.put(APPLIED, seq);
    }

    /** Empties every map, before a rebuild. */
    void clear() {
        ordinalsById.clear();
        idsByOrdinal.clear();
        payloads.clear();
        meta.clear();
    }

    /** The ordinal of {@code key}, or -1. */
    int ordinalOf(String key) {
        Integer ordinal = ordinalsById.get(key);
        return ordinal == null ? -1 : ordinal;
    }

    byte[] payloadOf(int ordinal) {
        return payloads.get(ordinal);
    }

    long size() {
        return ordinalsById.size();
    }

    /** Applies an upsert; idempotent. */
    void put(int ordinal, int previousOrdinal, String key, byte[] payload) {
        if (previousOrdinal >= 0) {
            idsByOrdinal.remove(previousOrdinal);
            payloads.remove(previousOrdinal);
        }
        idsByOrdinal.put(ordinal, key);
        payloads.put(ordinal, payload);
        ordinalsById.put(key, ordinal);
    }

    /** Applies a delete; idempotent. */
    void remove(int ordinal, String key) {
        ordinalsById.remove(key, ordinal);
        idsByOrdinal.remove(ordinal);
        payloads.remove(ordinal);
    }

    /** Calls {@code visitor} for every stored point. */
    void forEach(StateVisitor visitor) {
        idsByOrdinal.forEach((ordinal, key) -> visitor.visit(ordinal, key, payloads.get(ordinal)));
    }

    @FunctionalInterface
    interface StateVisitor {
        void visit(int ordinal, String key, byte[] payload);
    }

    @Override
    public void close() {
        ordinalsById.close();
        idsByOrdinal.close();
        payloads.close();
        meta.close();
    }
}
