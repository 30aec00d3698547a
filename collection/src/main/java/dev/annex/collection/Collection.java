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
import dev.annex.util.FixedBitSet;
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
import java.util.concurrent.locks.ReentrantReadWriteLock;
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

    /** A filter matching at least 1/32 of the ordinals is handed to the index as a bit set rather than a bitmap. */
    private static final int DENSE_FILTER_RATIO = 32;

    private final String name;
    private final Path directory;
    private final CollectionSchema schema;
    private final CollectionOptions options;
    private final PayloadCodec codec;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Held by a compaction from start to swap, so only one runs. */
    private final ReentrantLock compactionLock = new ReentrantLock();
    private final WriteAheadLog log;
    /** What searches read together; replaced whole, under the write lock, by a compaction. */
    private volatile Generation current;
    private volatile String compactionFailure;
    /** Takes the snapshots due by time; null when snapshots are not taken by time. */
    private final java.util.concurrent.ScheduledExecutorService snapshotTimer;
    private final String recovery;
    private volatile long snapshotSeq;
    private volatile boolean closed;
    private volatile IOException failure;

    /**
     * One numbering of the points: the index, the id and payload maps and the payload postings
     * over the same ordinals. {@code number} is the sequence number of the compaction that made
     * it (0 for the first). Searches hold {@code inUse} shared while they read it; the compaction
     * that replaces it takes it exclusively before closing it.
     */
    private record Generation(long number, VectorIndex index, CollectionState state, PayloadIndex payloads, OrdinalKeys keys,
                              ReentrantReadWriteLock inUse) {

        Generation(long number, VectorIndex index, CollectionState state, PayloadIndex payloads, OrdinalKeys keys) {
            this(number, index, state, payloads, keys, new ReentrantReadWriteLock());
        }
    }

    private Collection(String name, Path directory, CollectionSchema schema, CollectionOptions options, Generation generation,
                       WriteAheadLog log, long snapshotSeq, String recovery) {
        this.name = name;
        this.directory = directory;
        this.schema = schema;
        this.options = options;
        this.codec = new PayloadCodec(schema);
        this.current = generation;
        this.log = log;
        this.snapshotSeq = snapshotSeq;
        this.recovery = recovery;
        if (options.snapshotIntervalMillis() > 0) {
            snapshotTimer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("annex-snapshot-" + name).factory());
            snapshotTimer.scheduleWithFixedDelay(this::snapshotQuietly, options.snapshotIntervalMillis(),
                    options.snapshotIntervalMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } else {
            snapshotTimer = null;
        }
    }

    private void snapshotQuietly() {
        try {
            if (!closed && failure == null) {
                snapshot();
            }
        } catch (IOException | RuntimeException e) {
            // The next interval, the log-size trigger or close tries again; describe() shows the log growing.
        }
    }

    /** Creates the files of a new collection in {@code directory} (which must not exist yet). */
    static void create(Path directory, CollectionSchema schema, float[][] trainingSample) throws IOException {
        // Built (and for IVF-PQ or SQ8 trained) before any file is written, so a bad spec or sample leaves nothing behind;
        // saved as the snapshot at sequence 0, so opening loads it instead of training again.
        try (VectorIndex empty = Indexes.create(schema.dimension(), schema.similarity(), schema.indexSpec())) {
            boolean trained = !empty.isTrained();
            if (trained && trainingSample == null) {
                throw new IllegalArgumentException(schema.indexSpec() + " learns from data: the collection needs a training "
                        + "sample when it is created");
            }
            if (!trained && trainingSample != null) {
                throw new IllegalArgumentException(schema.indexSpec() + " needs no training sample");
            }
            if (trained) {
                empty.train(trainingSample);
            }
            Files.createDirectories(directory.getParent());
            Path staging = directory.resolveSibling("." + directory.getFileName() + ".creating");
            Files.createDirectories(staging);
            try (java.io.Writer out = Files.newBufferedWriter(staging.resolve("schema.properties"))) {
                schema.write(out);
            }
            if (trained) {
                Durable.writeChecked(staging.resolve("training.bin"), encodeSample(trainingSample));
            }
            SnapshotFiles.write(staging, 0, 0, empty, visitor -> { });
            Durable.syncDirectory(staging);
            Files.move(staging, directory, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
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
        long generation = snapshot == null ? 0 : snapshot.generation();
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
        deleteOtherMaps(directory, generation);
        CollectionState state = CollectionState.open(mapsDirectory(directory, generation), options.expectedPoints());
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
        OrdinalKeys keys = new OrdinalKeys();
        PayloadCodec codec = new PayloadCodec(schema);
        state.forEach((ordinal, key, payload) -> {
            payloads.add(ordinal, codec.decode(payload));
            keys.set(ordinal, key);
        });
        return new Collection(name, directory, schema, options, new Generation(generation, index, state, payloads, keys), log,
                snapshotSeq, recovery);
    }

    /** The maps of generation {@code number}; each compaction starts a new directory. */
    private static Path mapsDirectory(Path directory, long number) {
        return directory.resolve("maps-" + number);
    }

    /** Deletes maps of other generations: left by a compaction that did not finish, or replaced by one that did. */
    private static void deleteOtherMaps(Path directory, long generation) throws IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(directory)) {
            for (Path stale : entries.filter(p -> p.getFileName().toString().matches("maps-\\d+")
                    && !p.equals(mapsDirectory(directory, generation))).toList()) {
                Durable.deleteTree(stale);
            }
        }
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
            Generation generation = current;
            List<Mutation> mutations = new ArrayList<>(points.size());
            Map<String, Integer> inBatch = new HashMap<>();
            int next = generation.index().size();
            for (int i = 0; i < points.size(); i++) {
                Integer earlier = inBatch.get(keys.get(i));
                int previous = earlier != null ? earlier : generation.state().ordinalOf(keys.get(i));
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
                int ordinal = current.state().ordinalOf(key);
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
            throw new BatchTooLargeException(operation + " batch of " + batch.size() + " points exceeds the limit of "
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
        Generation generation = current;
        List<float[]> added = new ArrayList<>();
        for (Mutation mutation : mutations) {
            if (mutation instanceof Mutation.Upsert upsert) {
                added.add(upsert.vector());
            }
        }
        if (!added.isEmpty()) {
            generation.index().addAll(added.toArray(float[][]::new));
        }
        for (Mutation mutation : mutations) {
            switch (mutation) {
                case Mutation.Upsert upsert -> {
                    if (upsert.previousOrdinal() >= 0) {
                        retire(generation, upsert.previousOrdinal());
                    }
                    generation.payloads().add(upsert.ordinal(), codec.decode(upsert.payload()));
                    generation.keys().set(upsert.ordinal(), upsert.key());
                }
                case Mutation.Delete delete -> retire(generation, delete.ordinal());
            }
            applyToState(generation.state(), mutation);
        }
        generation.state().setAppliedSeq(seq);
        return seq;
    }

    private void retire(Generation generation, int ordinal) {
        if (!generation.index().isDeleted(ordinal)) {
            generation.index().delete(ordinal);
        }
        generation.keys().set(ordinal, null);
        byte[] payload = generation.state().payloadOf(ordinal);
        if (payload != null) {
            generation.payloads().remove(ordinal, codec.decode(payload));
        }
    }

    private void awaitDurable(long seq) {
        try {
            log.awaitDurable(seq);
        } catch (IOException e) {
            throw fail(e);
        }
        if (options.compactDeletedFraction() > 0 && deletedFraction(current.index()) > options.compactDeletedFraction()
                && keepsVectors() && !compactionLock.isLocked()) {
            Thread.ofPlatform().daemon().name("annex-compact-" + name).start(this::compactQuietly);
        }
        if (options.snapshotLogBytes() > 0 && log.bytes() >= options.snapshotLogBytes()) {
            try {
                snapshot();
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
        Generation generation = acquire();
        try {
            for (Object id : ids) {
                int ordinal = generation.state().ordinalOf(schema.idKind().key(id));
                byte[] payload = ordinal < 0 ? null : generation.state().payloadOf(ordinal);
                if (payload == null) {
                    points.add(null);
                    continue;
                }
                float[] vector = keepsVectors() ? generation.index().vector(ordinal) : null;
                points.add(new Point(id, vector, codec.decode(payload)));
            }
        } finally {
            generation.inUse().readLock().unlock();
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
        Generation generation = acquire();
        try {
            SearchParameters parameters = withFilter(request.parameters() != null ? request.parameters() : defaults(request.k()),
                    admitted(generation, request));
            SearchResults results = generation.index().search(request.vector(), request.k(), parameters);
            List<Hit> hits = new ArrayList<>(results.size());
            for (int i = 0; i < results.size(); i++) {
                int ordinal = results.ordinal(i);
                String key = generation.keys().get(ordinal);
                if (key == null) {
                    continue;
                }
                Map<String, Object> payload = Map.of();
                if (request.withPayload()) {
                    byte[] bytes = generation.state().payloadOf(ordinal);
                    if (bytes == null) {
                        continue;
                    }
                    payload = codec.decode(bytes);
                }
                hits.add(new Hit(schema.idKind().id(key), results.score(i), payload, List.of()));
            }
            return hits;
        } finally {
            generation.inUse().readLock().unlock();
        }
    }

    /** Deletes every point {@code filter} matches, in batches of at most the batch limit; returns how many. */
    public long delete(PayloadFilter filter) {
        checkOpen();
        if (filter == null) {
            throw new IllegalArgumentException("filter is null");
        }
        List<Object> ids = new ArrayList<>();
        Generation generation = acquire();
        try {
            generation.payloads().evaluate(filter).forEach((org.roaringbitmap.IntConsumer) ordinal -> {
                String key = generation.keys().get(ordinal);
                if (key != null) {
                    ids.add(schema.idKind().id(key));
                }
            });
        } finally {
            generation.inUse().readLock().unlock();
        }
        long deleted = 0;
        for (int from = 0; from < ids.size(); from += options.maxBatch()) {
            deleted += delete(ids.subList(from, Math.min(ids.size(), from + options.maxBatch())));
        }
        return deleted;
    }

    /** How many live points {@code filter} matches: the filter evaluated on the payload postings alone. */
    public long count(PayloadFilter filter) {
        checkOpen();
        if (filter == null) {
            throw new IllegalArgumentException("filter is null");
        }
        Generation generation = acquire();
        try {
            return generation.payloads().evaluate(filter).getLongCardinality();
        } finally {
            generation.inUse().readLock().unlock();
        }
    }

    /** Answers many searches, spread over the common fork-join pool; results are in request order. */
    public List<List<Hit>> searchBatch(List<SearchRequest> requests) {
        checkOpen();
        if (requests == null) {
            throw new IllegalArgumentException("search requests are null");
        }
        return requests.parallelStream().map(this::search).toList();
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
    private Bits admitted(Generation generation, SearchRequest request) {
        int[] excluded = new int[request.excludeIds().size()];
        int count = 0;
        for (Object id : request.excludeIds()) {
            int ordinal = generation.state().ordinalOf(schema.idKind().key(id));
            if (ordinal >= 0) {
                excluded[count++] = ordinal;
            }
        }
        if (request.filter() == null) {
            return count == 0 ? Bits.ALL : Bits.allExcept(java.util.Arrays.copyOf(excluded, count));
        }
        RoaringBitmap matching = generation.payloads().evaluate(request.filter());
        for (int i = 0; i < count; i++) {
            matching.remove(excluded[i]);
        }
        int size = generation.index().size();
        if ((long) matching.getCardinality() * DENSE_FILTER_RATIO < size) {
            return new RoaringBits(matching);
        }
        // Dense: a plain bit set answers the index's per-candidate tests and exact scans several times faster.
        FixedBitSet dense = new FixedBitSet(size);
        matching.forEach((org.roaringbitmap.IntConsumer) ordinal -> {
            if (ordinal < size) {
                dense.set(ordinal);
            }
        });
        return dense;
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
            Generation generation = current;
            SnapshotFiles.write(directory, seq, generation.number(), generation.index(), generation.state()::forEach);
            snapshotSeq = seq;
            log.deleteSegmentsCoveredBy(seq);
        } finally {
            writeLock.unlock();
        }
    }

    /** Counts, memory, log and snapshot positions, and what the last open recovered. */
    public CollectionInfo describe() {
        checkOpen();
        VectorIndex index = current.index();
        return new CollectionInfo(name, schema, index.liveCount(), deletedFraction(index), index.bytesUsed(), log.bytes(), snapshotSeq,
                log.lastSeq(), compactionFailure == null ? recovery : recovery + "; last compaction failed: " + compactionFailure);
    }

    private static double deletedFraction(VectorIndex index) {
        int size = index.size();
        return size == 0 ? 0 : (double) (size - index.liveCount()) / size;
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

    /**
     * The current generation, held shared until the caller releases {@code inUse().readLock()}.
     * A generation being retired is write-locked for good, so a reader that picked it just
     * before the swap fails to lock it and takes the new one.
     */
    private Generation acquire() {
        while (true) {
            Generation generation = current;
            if (generation.inUse().readLock().tryLock()) {
                if (generation == current) {
                    return generation;
                }
                generation.inUse().readLock().unlock();
            }
            checkOpen();
            Thread.onSpinWait();
        }
    }

    /**
     * Rebuilds the index from the live vectors, renumbering them densely, and swaps the new
     * generation in atomically: searches see the old or the new one, never a mix. The rebuild
     * runs without blocking writers; writes made meanwhile are applied to the new generation
     * before the swap, which takes a snapshot of it (so no log record is ever replayed against
     * the other numbering). Runs by itself when the deleted fraction passes
     * {@link CollectionOptions#compactDeletedFraction()}. Codes-only IVF-PQ cannot be compacted:
     * it keeps no vectors to rebuild from.
     */
    public void compact() throws IOException {
        if (!keepsVectors()) {
            throw new IllegalStateException("collection '" + name + "' keeps PQ codes only and cannot be rebuilt from its vectors");
        }
        compactionLock.lock();
        try {
            checkOpen();
            Generation old = current;
            int captured = old.index().size();
            VectorIndex rebuilt = emptyIndex(directory, schema);
            int[] renumbered = new int[captured];
            java.util.Arrays.fill(renumbered, -1);
            List<float[]> batch = new ArrayList<>();
            List<Integer> batchOrdinals = new ArrayList<>();
            for (int ordinal = 0; ordinal < captured; ordinal++) {
                if (!old.index().isDeleted(ordinal)) {
                    batch.add(old.index().vector(ordinal));
                    batchOrdinals.add(ordinal);
                }
                if (batch.size() == 4_096 || (ordinal == captured - 1 && !batch.isEmpty())) {
                    int first = rebuilt.addAll(batch.toArray(float[][]::new));
                    for (int i = 0; i < batchOrdinals.size(); i++) {
                        renumbered[batchOrdinals.get(i)] = first + i;
                    }
                    batch.clear();
                    batchOrdinals.clear();
                }
            }
            writeLock.lock();
            try {
                checkOpen();
                swapIn(old, rebuilt, renumbered);
            } finally {
                writeLock.unlock();
            }
            old.inUse().writeLock().lock();
            retire(old);
        } finally {
            compactionLock.unlock();
        }
    }

    /** Catches {@code rebuilt} up with the writes made since it was captured, then makes it current; the caller holds the write lock. */
    private void swapIn(Generation old, VectorIndex rebuilt, int[] renumbered) throws IOException {
        for (int ordinal = 0; ordinal < renumbered.length; ordinal++) {
            if (renumbered[ordinal] >= 0 && old.index().isDeleted(ordinal)) {
                rebuilt.delete(renumbered[ordinal]);
            }
        }
        int[] all = java.util.Arrays.copyOf(renumbered, old.index().size());
        for (int ordinal = renumbered.length; ordinal < all.length; ordinal++) {
            all[ordinal] = old.index().isDeleted(ordinal) ? -1 : rebuilt.add(old.index().vector(ordinal));
        }
        // An empty batch record gives the compaction a sequence number of its own, which names the new snapshot.
        long seq = log.append(List.of(Mutation.encodeBatch(List.of())));
        log.awaitDurable(seq);
        CollectionState state = CollectionState.open(mapsDirectory(directory, seq), options.expectedPoints());
        PayloadIndex payloads = new PayloadIndex(schema);
        OrdinalKeys keys = new OrdinalKeys();
        old.state().forEach((ordinal, key, payload) -> {
            state.put(all[ordinal], -1, key, payload);
            payloads.add(all[ordinal], codec.decode(payload));
            keys.set(all[ordinal], key);
        });
        state.setAppliedSeq(seq);
        Generation next = new Generation(seq, rebuilt, state, payloads, keys);
        SnapshotFiles.write(directory, seq, seq, rebuilt, state::forEach);
        snapshotSeq = seq;
        log.deleteSegmentsCoveredBy(seq);
        current = next;
    }

    /** The automatic compaction: skipped when another already runs or the deleted share fell back under the threshold. */
    private void compactQuietly() {
        if (!compactionLock.tryLock()) {
            return;
        }
        try {
            if (!closed && deletedFraction(current.index()) > options.compactDeletedFraction()) {
                compact();
            }
            compactionFailure = null;
        } catch (IOException | RuntimeException e) {
            compactionFailure = e.toString();
        } finally {
            compactionLock.unlock();
        }
    }

    /** Closes a generation's maps and index and deletes maps no snapshot names any more. */
    private void retire(Generation generation) throws IOException {
        generation.state().close();
        generation.index().close();
        if (generation != current) {
            Durable.deleteTree(mapsDirectory(directory, generation.number()));
        }
    }

    /** Takes a snapshot (unless a log write failed), then releases the log, the maps and the index. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (snapshotTimer != null) {
            snapshotTimer.shutdownNow();
        }
        try {
            if (failure == null) {
                snapshot();
            }
        } finally {
            compactionLock.lock();
            writeLock.lock();
            try {
                closed = true;
                log.close();
                retire(current);
            } finally {
                writeLock.unlock();
                compactionLock.unlock();
            }
        }
    }

    private static byte[] encodeSample(float[][] sample) {
        ByteBuffer out = ByteBuffer.allocate(8 + 4 * sample.length * sample[0].length);
        out.putInt(sample.length).putInt(sample[0].length);
        for (float[] vector : sample) {
            for (float component : vector) {
                out.putFloat(component);
            }
        }
        return out.array();
    }

    private static float[][] decodeSample(Path file, int dimension) throws IOException {
        ByteBuffer in = Durable.readChecked(file, "training sample");
        int count = in.remaining() >= 8 ? in.getInt() : -1;
        if (count < 0 || in.getInt() != dimension || 4L * count * dimension != in.remaining()) {
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
