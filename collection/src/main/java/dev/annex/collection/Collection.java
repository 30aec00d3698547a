package dev.annex.collection;

import dev.annex.Indexes;
import dev.annex.api.ExactSearchParameters;
import dev.annex.api.FlatSpec;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.api.IvfPqSpec;
import dev.annex.api.IvfSearchParameters;
import dev.annex.api.SearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.api.VectorIndex;
import dev.annex.util.Bits;
import dev.annex.vector.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.roaringbitmap.RoaringBitmap;

/**
 * A named set of points (external id, vector, payload) that survives crashes: every change is
 * written to the {@link WriteAheadLog} and acknowledged only once durable (as the
 * {@link Durability} option says), then applied to the vector index, the id and payload maps
 * ({@link CollectionState}) and the payload postings ({@link PayloadIndex}). Snapshots bound the
 * log: one is taken when the log passes {@link CollectionOptions#snapshotLogBytes()}, on
 * {@link #snapshot()} and on {@link #close()}.
 *
 * <p>Writers are serialised (one batch at a time is logged and applied; fsyncs are shared);
 * searches run from any thread meanwhile and see every write applied before they began. A batch
 * is validated whole before anything is logged, so a bad point changes nothing.
 *
 * <p>Files, in the collection's directory: {@code schema.properties}; {@code wal/} (the log);
 * {@code maps/} (Chronicle Maps); {@code snapshot-<seq>/} and the {@code SNAPSHOT} pointer;
 * for IVF-PQ, {@code training.bin}, the sample its quantizers were trained on.
 */
public final class Collection implements AutoCloseable {

    private final String name;
    private final Path directory;
    private final CollectionSchema schema;
    private final CollectionOptions options;
    private final PayloadCodec codec;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final VectorIndex index;
    private final CollectionState state;
    private final PayloadIndex payloads;
    private final WriteAheadLog log;
    private final String recovery;
    private volatile long snapshotSeq;
    private volatile boolean closed;
    private volatile IOException failure;

    private Collection(String name, Path directory, CollectionSchema schema, CollectionOptions options, VectorIndex index,
                       CollectionState state, PayloadIndex payloads, WriteAheadLog log, long snapshotSeq, String recovery) {
        this.name = name;
        this.directory = directory;
        this.schema = schema;
        this.options = options;
        this.codec = new PayloadCodec(schema);
        this.index = index;
        this.state = state;
        this.payloads = payloads;
        this.log = log;
        this.snapshotSeq = snapshotSeq;
        this.recovery = recovery;
    }

    /** Creates the files of a new collection in {@code directory} (which must not exist yet). */
    static void create(Path directory, CollectionSchema schema, float[][] trainingSample) throws IOException {
        boolean trained = schema.indexSpec() instanceof IvfPqSpec;
        if (trained && trainingSample == null) {
            throw new IllegalArgumentException("an IVF-PQ collection needs a training sample when it is created");
        }
        if (!trained && trainingSample != null) {
            throw new IllegalArgumentException(schema.indexSpec() + " needs no training sample");
        }
        VectorIndex probe = Indexes.create(schema.dimension(), schema.similarity(), schema.indexSpec());
        if (trained) {
            probe.train(trainingSample);
        }
        probe.close();
        Files.createDirectories(directory.getParent());
        Path staging = directory.resolveSibling("." + directory.getFileName() + ".creating");
        Files.createDirectories(staging);
        try (java.io.Writer out = Files.newBufferedWriter(staging.resolve("schema.properties"))) {
            schema.write(out);
        }
        if (trained) {
            Durable.write(staging.resolve("training.bin"), encodeSample(trainingSample));
        }
        Durable.syncDirectory(staging);
        Files.move(staging, directory, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Durable.syncDirectory(directory.getParent());
    }

    /** Opens the collection in {@code directory}: loads the last snapshot, replays the log after it, checks the maps. */
    static Collection open(String name, Path directory, CollectionOptions options) throws IOException {
        CollectionSchema schema;
        try (java.io.Reader in = Files.newBufferedReader(directory.resolve("schema.properties"))) {
            schema = CollectionSchema.read(in);
        }
        SnapshotFiles.Loaded snapshot = SnapshotFiles.load(directory);
        long snapshotSeq = snapshot == null ? 0 : snapshot.seq();
        VectorIndex index = snapshot != null ? snapshot.index() : emptyIndex(directory, schema);
        List<Mutation> pending = new ArrayList<>();
        List<Long> pendingSeqs = new ArrayList<>();
        WriteAheadLog log = WriteAheadLog.open(directory.resolve("wal"), options.durability(), options.segmentBytes(), snapshotSeq,
                (seq, body) -> {
                    for (Mutation mutation : Mutation.decodeBatch(body, schema.dimension())) {
                        pendingSeqs.add(seq);
                        pending.add(mutation);
                    }
                });
        String recovery = log.recovery();
        replayIntoIndex(index, pending, pendingSeqs);
        CollectionState state = CollectionState.open(directory.resolve("maps"), options.expectedPoints(), 16, 64);
        long lastSeq = log.lastSeq();
        if (state.consistentWith(snapshotSeq, lastSeq)) {
            long applied = state.appliedSeq();
            for (int i = 0; i < pending.size(); i++) {
                if (pendingSeqs.get(i) > applied) {
                    applyToState(state, pending.get(i));
                }
            }
        } else {
            state.clear();
            if (snapshot != null) {
                for (SnapshotFiles.Entry entry : snapshot.entries()) {
                    state.put(entry.ordinal(), -1, entry.key(), entry.payload());
                }
            }
            for (Mutation mutation : pending) {
                applyToState(state, mutation);
            }
            recovery = recovery.equals("clean") ? "id and payload maps rebuilt from the snapshot and the log"
                    : recovery + "; id and payload maps rebuilt from the snapshot and the log";
        }
        state.setAppliedSeq(lastSeq);
        PayloadIndex payloads = new PayloadIndex(schema);
        PayloadCodec codec = new PayloadCodec(schema);
        state.forEach((ordinal, key, payload) -> payloads.add(ordinal, codec.decode(payload)));
        return new Collection(name, directory, schema, options, index, state, payloads, log, snapshotSeq, recovery);
    }

    private static VectorIndex emptyIndex(Path directory, CollectionSchema schema) throws IOException {
        VectorIndex index = Indexes.create(schema.dimension(), schema.similarity(), schema.indexSpec());
        Path sample = directory.resolve("training.bin");
        if (Files.exists(sample)) {
            index.train(decodeSample(sample, schema.dimension()));
        }
        return index;
    }

    /** Replays logged mutations onto an index restored from the snapshot; consecutive upserts go in as one batch. */
    private static void replayIntoIndex(VectorIndex index, List<Mutation> mutations, List<Long> seqs) throws IOException {
        List<float[]> batch = new ArrayList<>();
        List<Integer> retired = new ArrayList<>();
        int batchStart = 0;
        for (int i = 0; i <= mutations.size(); i++) {
            Mutation mutation = i < mutations.size() ? mutations.get(i) : null;
            if (!(mutation instanceof Mutation.Upsert) && !batch.isEmpty()) {
                int first = index.addAll(batch.toArray(float[][]::new));
                int expected = ((Mutation.Upsert) mutations.get(batchStart)).ordinal();
                if (first != expected) {
                    throw new IOException("log record " + seqs.get(batchStart) + " was applied at ordinal " + expected
                            + " but replays at " + first + ": the snapshot and the log disagree");
                }
                for (int ordinal : retired) {
                    if (ordinal >= 0 && !index.isDeleted(ordinal)) {
                        index.delete(ordinal);
                    }
                }
                batch.clear();
                retired.clear();
            }
            if (mutation instanceof Mutation.Upsert upsert) {
                if (batch.isEmpty()) {
                    batchStart = i;
                }
                batch.add(upsert.vector());
                retired.add(upsert.previousOrdinal());
            } else if (mutation instanceof Mutation.Delete delete && !index.isDeleted(delete.ordinal())) {
                index.delete(delete.ordinal());
            }
        }
    }

    private static void applyToState(CollectionState state, Mutation mutation) {
        switch (mutation) {
            case Mutation.Upsert upsert -> state.put(upsert.ordinal(), upsert.previousOrdinal(), upsert.key(), upsert.payload());
            case Mutation.Delete delete -> state.remove(delete.ordinal(), delete.key());
        }
    }

    /** The collection's name. */
    public String name() {
        return name;
    }

    /** Dimension, similarity, index spec, id kind and payload fields. */
    public CollectionSchema schema() {
        return schema;
    }

    /**
     * Inserts or replaces points by id (a replaced point's old version is deleted). Returns once
     * the batch is durable. At most {@link CollectionOptions#maxBatch()} points; every point is
     * validated before any is written. Within a batch a later point with the same id wins.
     */
    public void upsert(List<Point> points) {
        checkBatch(points, "upsert");
        List<String> keys = new ArrayList<>(points.size());
        List<float[]> vectors = new ArrayList<>(points.size());
        List<Map<String, Object>> validated = new ArrayList<>(points.size());
        for (Point point : points) {
            if (point == null) {
                throw new IllegalArgumentException("upsert batch holds a null point");
            }
            keys.add(schema.idKind().key(point.id()));
            String what = "vector of point " + point.id();
            Vectors.checkVector(point.vector(), schema.dimension(), what);
            Vectors.storedForm(schema.similarity(), point.vector(), what);
            vectors.add(point.vector().clone());
            validated.add(codec.validated(point.id(), point.payload()));
        }
        long seq;
        writeLock.lock();
        try {
            checkOpen();
            List<Mutation> mutations = new ArrayList<>(points.size());
            Map<String, Integer> inBatch = new HashMap<>();
            int next = index.size();
            for (int i = 0; i < points.size(); i++) {
                Integer earlier = inBatch.get(keys.get(i));
                int previous = earlier != null ? earlier : state.ordinalOf(keys.get(i));
                int ordinal = next++;
                inBatch.put(keys.get(i), ordinal);
                mutations.add(new Mutation.Upsert(ordinal, previous, keys.get(i), vectors.get(i), codec.encode(validated.get(i))));
            }
            seq = logAndApply(mutations);
        } finally {
            writeLock.unlock();
        }
        awaitDurable(seq);
    }

    /** Deletes the points with {@code ids}; ids not present are ignored. Returns how many were deleted, once durable. */
    public int delete(List<?> ids) {
        checkBatch(ids, "delete");
        List<String> keys = new ArrayList<>(ids.size());
        for (Object id : ids) {
            keys.add(schema.idKind().key(id));
        }
        long seq;
        List<Mutation> mutations = new ArrayList<>();
        writeLock.lock();
        try {
            checkOpen();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String key : keys) {
                int ordinal = state.ordinalOf(key);
                if (ordinal >= 0 && seen.add(key)) {
                    mutations.add(new Mutation.Delete(ordinal, key));
                }
            }
            if (mutations.isEmpty()) {
                return 0;
            }
            seq = logAndApply(mutations);
        } finally {
            writeLock.unlock();
        }
        awaitDurable(seq);
        return mutations.size();
    }

    private void checkBatch(List<?> batch, String operation) {
        checkOpen();
        if (batch == null) {
            throw new IllegalArgumentException(operation + " batch is null");
        }
        if (batch.size() > options.maxBatch()) {
            throw new IllegalArgumentException(operation + " batch of " + batch.size() + " points exceeds the limit of "
                    + options.maxBatch());
        }
    }

    /** Logs the mutations, then applies them; the caller holds the write lock. Returns the last sequence number. */
    private long logAndApply(List<Mutation> mutations) {
        long seq;
        try {
            seq = log.append(List.of(Mutation.encodeBatch(mutations)));
        } catch (IOException e) {
            throw fail(e);
        }
        List<float[]> added = new ArrayList<>();
        for (Mutation mutation : mutations) {
            if (mutation instanceof Mutation.Upsert upsert) {
                added.add(upsert.vector());
            }
        }
        if (!added.isEmpty()) {
            index.addAll(added.toArray(float[][]::new));
        }
        for (Mutation mutation : mutations) {
            switch (mutation) {
                case Mutation.Upsert upsert -> {
                    if (upsert.previousOrdinal() >= 0) {
                        retire(upsert.previousOrdinal());
                    }
                    payloads.add(upsert.ordinal(), codec.decode(upsert.payload()));
                }
                case Mutation.Delete delete -> retire(delete.ordinal());
            }
            applyToState(state, mutation);
        }
        state.setAppliedSeq(seq);
        return seq;
    }

    private void retire(int ordinal) {
        if (!index.isDeleted(ordinal)) {
            index.delete(ordinal);
        }
        byte[] payload = state.payloadOf(ordinal);
        if (payload != null) {
            payloads.remove(ordinal, codec.decode(payload));
        }
    }

    private void awaitDurable(long seq) {
        try {
            log.awaitDurable(seq);
        } catch (IOException e) {
            throw fail(e);
        }
        if (options.snapshotLogBytes() > 0) {
            try {
                if (log.bytes() >= options.snapshotLogBytes()) {
                    snapshot();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("snapshot of collection '" + name + "' failed: " + e.getMessage(), e);
            }
        }
    }

    /** After a failed log write or fsync nothing more is accepted: what is on disk can no longer be trusted to match memory. */
    private UncheckedIOException fail(IOException e) {
        failure = e;
        return log.failure(e);
    }

    /** The stored points with {@code ids}, in order; null where an id is not present. Codes-only IVF-PQ returns no vectors. */
    public List<Point> get(List<?> ids) {
        checkOpen();
        if (ids == null) {
            throw new IllegalArgumentException("ids are null");
        }
        List<Point> points = new ArrayList<>(ids.size());
        for (Object id : ids) {
            int ordinal = state.ordinalOf(schema.idKind().key(id));
            byte[] payload = ordinal < 0 ? null : state.payloadOf(ordinal);
            if (payload == null) {
                points.add(null);
                continue;
            }
            float[] vector = keepsVectors() ? index.vector(ordinal) : null;
            points.add(new Point(id, vector, codec.decode(payload)));
        }
        return points;
    }

    private boolean keepsVectors() {
        return !(schema.indexSpec() instanceof IvfPqSpec ivf) || ivf.keepsVectors();
    }

    /** The best points for {@code request}, best first. */
    public List<Hit> search(SearchRequest request) {
        checkOpen();
        if (request == null) {
            throw new IllegalArgumentException("search request is null");
        }
        SearchParameters parameters = withFilter(request.parameters() != null ? request.parameters() : defaults(request.k()),
                admitted(request));
        SearchResults results = index.search(request.vector(), request.k(), parameters);
        List<Hit> hits = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            int ordinal = results.ordinal(i);
            String key = state.keyOf(ordinal);
            if (key == null) {
                continue;
            }
            Map<String, Object> payload = Map.of();
            if (request.withPayload()) {
                byte[] bytes = state.payloadOf(ordinal);
                if (bytes == null) {
                    continue;
                }
                payload = codec.decode(bytes);
            }
            hits.add(new Hit(schema.idKind().id(key), results.score(i), payload, List.of()));
        }
        return hits;
    }

    /**
     * Searches for a user given as several interest vectors, in one call: each interest finds
     * its {@code quota} best points under {@code request}'s filter, exclusions and parameters
     * ({@code request.vector()} is ignored); hits are merged by id, each scored by its best
     * weighted score ({@code weight × score}) and attributed to every interest that found it, and
     * the best {@code request.k()} are returned, best first.
     */
    public List<Hit> searchInterests(List<Interest> interests, SearchRequest request) {
        checkOpen();
        if (interests == null || interests.isEmpty()) {
            throw new IllegalArgumentException("a multi-interest search needs at least one interest");
        }
        if (request == null) {
            throw new IllegalArgumentException("search request is null");
        }
        Map<Object, Hit> merged = new java.util.LinkedHashMap<>();
        for (int i = 0; i < interests.size(); i++) {
            Interest interest = interests.get(i);
            SearchRequest one = new SearchRequest(interest.vector(), interest.quota(), request.parameters(), request.filter(),
                    request.excludeIds(), request.withPayload());
            for (Hit hit : search(one)) {
                float weighted = interest.weight() * hit.score();
                Hit earlier = merged.get(hit.id());
                if (earlier == null) {
                    merged.put(hit.id(), new Hit(hit.id(), weighted, hit.payload(), List.of(i)));
                } else {
                    List<Integer> found = new ArrayList<>(earlier.interests());
                    found.add(i);
                    merged.put(hit.id(), new Hit(hit.id(), Math.max(weighted, earlier.score()), earlier.payload(), found));
                }
            }
        }
        return merged.values().stream().sorted((a, b) -> Float.compare(b.score(), a.score())).limit(request.k()).toList();
    }

    /** The ordinals a request admits: its payload filter's postings minus its excluded ids, as the core's filter. */
    private Bits admitted(SearchRequest request) {
        int[] excluded = new int[request.excludeIds().size()];
        int count = 0;
        for (Object id : request.excludeIds()) {
            int ordinal = state.ordinalOf(schema.idKind().key(id));
            if (ordinal >= 0) {
                excluded[count++] = ordinal;
            }
        }
        if (request.filter() == null) {
            return count == 0 ? Bits.ALL : Bits.allExcept(java.util.Arrays.copyOf(excluded, count));
        }
        RoaringBitmap matching = payloads.evaluate(request.filter());
        for (int i = 0; i < count; i++) {
            matching.remove(excluded[i]);
        }
        return new RoaringBits(matching);
    }

    private SearchParameters defaults(int k) {
        return switch (schema.indexSpec()) {
            case FlatSpec flat -> ExactSearchParameters.ALL;
            case HnswSpec hnsw -> HnswSearchParameters.ef(Math.max(64, k));
            case IvfPqSpec ivf -> IvfSearchParameters.nprobe(Math.max(1, ivf.nlist() / 16));
        };
    }

    private static SearchParameters withFilter(SearchParameters parameters, Bits filter) {
        return switch (parameters) {
            case HnswSearchParameters hnsw -> hnsw.withFilter(filter);
            case IvfSearchParameters ivf -> ivf.withFilter(filter);
            case ExactSearchParameters exact -> new ExactSearchParameters(filter);
        };
    }

    /**
     * Writes a snapshot of everything applied so far and deletes the log segments it covers.
     * Writers wait while it is written; searches do not.
     */
    public void snapshot() throws IOException {
        writeLock.lock();
        try {
            checkOpen();
            long seq = log.lastSeq();
            if (seq == snapshotSeq) {
                return;
            }
            log.awaitDurable(seq);
            SnapshotFiles.write(directory, seq, index, state);
            snapshotSeq = seq;
            log.deleteSegmentsCoveredBy(seq);
        } finally {
            writeLock.unlock();
        }
    }

    /** Counts, memory, log and snapshot positions, and what the last open recovered. */
    public CollectionInfo describe() {
        checkOpen();
        long logBytes;
        try {
            logBytes = log.bytes();
        } catch (IOException e) {
            logBytes = -1;
        }
        int size = index.size();
        return new CollectionInfo(name, schema, index.liveCount(), size == 0 ? 0 : (double) (size - index.liveCount()) / size,
                index.bytesUsed(), logBytes, snapshotSeq, log.lastSeq(), recovery);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("collection '" + name + "' is closed");
        }
        if (failure != null) {
            throw new IllegalStateException("collection '" + name + "' stopped after a failed log write: " + failure.getMessage()
                    + "; reopen it to recover from the log");
        }
    }

    /** Takes a snapshot (unless a log write failed), then releases the log, the maps and the index. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (failure == null) {
                snapshot();
            }
        } finally {
            writeLock.lock();
            try {
                closed = true;
                log.close();
                state.close();
                index.close();
            } finally {
                writeLock.unlock();
            }
        }
    }

    private static byte[] encodeSample(float[][] sample) {
        ByteBuffer out = ByteBuffer.allocate(8 + 4 * sample.length * sample[0].length + 4);
        out.putInt(sample.length).putInt(sample[0].length);
        for (float[] vector : sample) {
            for (float component : vector) {
                out.putFloat(component);
            }
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    private static float[][] decodeSample(Path file, int dimension) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(in.array(), 0, in.limit() - 4);
        if (in.limit() < 12 || in.getInt(in.limit() - 4) != (int) crc.getValue()) {
            throw new IOException("training sample " + file + " is damaged (checksum mismatch)");
        }
        int count = in.getInt();
        if (in.getInt() != dimension || 8L + 4L * count * dimension + 4 != in.limit()) {
            throw new IOException("training sample " + file + " does not hold " + count + " vectors of dimension " + dimension);
        }
        float[][] sample = new float[count][dimension];
        for (float[] vector : sample) {
            for (int j = 0; j < dimension; j++) {
                vector[j] = in.getFloat();
            }
        }
        return sample;
    }
}
