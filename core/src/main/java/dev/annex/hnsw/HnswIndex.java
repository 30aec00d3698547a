package dev.annex.hnsw;

import dev.annex.api.AbstractVectorIndex;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.SearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.score.ExactScan;
import dev.annex.score.QueryScorer;
import dev.annex.store.CommonSections;
import dev.annex.store.IndexFileHeader;
import dev.annex.store.IndexFileReader;
import dev.annex.store.IndexFileWriter;
import dev.annex.store.IndexType;
import dev.annex.util.Bits;
import dev.annex.util.ConcurrentBitSet;
import dev.annex.util.LongHeap;
import dev.annex.util.Parallel;
import dev.annex.vector.HeapVectorStorage;
import dev.annex.vector.Similarity;
import dev.annex.vector.VectorStorage;
import dev.annex.vector.Vectors;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A Hierarchical Navigable Small World graph index (Malkov &amp; Yashunin, 2016) over float vectors.
 *
 * <p>Searches run from any number of threads, also while vectors are added and deleted; they
 * never block on writers. Deleted vectors stay in the graph as waypoints, so it stays navigable,
 * but are never returned. With a filter that admits few vectors the index scans them exactly
 * instead of walking the graph (see {@link #search}). For {@link Similarity#DOT} the graph is
 * linked by raw inner product: vectors with large norms become hubs that most searches pass
 * through, which is where the best inner-product answers lie when norms vary widely.
 *
 * <p>File format, after the common header of {@link IndexFileHeader}, little-endian ints unless
 * noted: M, efConstruction, seed (long), build threads, size, entry node, entry level; one level
 * per node; the deletion section of {@link CommonSections}; for every node its layer-0 list
 * (count, then neighbours); for every node with level &gt; 0, its lists on levels 1..level;
 * then the vector section of {@link CommonSections}.
 */
public final class HnswIndex extends AbstractVectorIndex {

    private final HnswConfig config;
    private final VectorStorage vectors;
    private final HnswGraph graph;
    private final ConcurrentLinkedQueue<HnswSearcher> searchers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<HnswInserter> inserters = new ConcurrentLinkedQueue<>();
    /** Adds hold it shared, {@link #save} exclusively, so a saved file never holds a half-linked node. Searches never take it. */
    private final ReentrantReadWriteLock writers = new ReentrantReadWriteLock();

    /** An empty index of {@code dimension}-component vectors. */
    public HnswIndex(int dimension, Similarity similarity, HnswConfig config) {
        this(dimension, similarity, config, new HeapVectorStorage(dimension), new HnswGraph(config.maxConnections()),
                new ConcurrentBitSet(0), null);
    }

    private HnswIndex(int dimension, Similarity similarity, HnswConfig config, VectorStorage vectors, HnswGraph graph,
                      ConcurrentBitSet deleted, Arena mapping) {
        super(dimension, similarity, vectors.size(), deleted, mapping);
        if (config == null) {
            throw new IllegalArgumentException("config is null");
        }
        this.config = config;
        this.vectors = vectors;
        this.graph = graph;
    }

    /** The build settings. */
    public HnswConfig config() {
        return config;
    }

    @Override
    protected VectorStorage vectors() {
        return vectors;
    }

    @Override
    public int add(float[] vector) {
        float[] stored = checkedForAdd(vector);
        writers.readLock().lock();
        try {
            int ordinal = store(stored);
            HnswInserter inserter = borrowInserter();
            try {
                inserter.insert(ordinal, stored);
            } finally {
                inserters.add(inserter);
            }
            return ordinal;
        } finally {
            writers.readLock().unlock();
        }
    }

    /**
     * Adds many vectors, inserting them into the graph with {@link HnswConfig#buildThreads()}
     * threads. Returns the ordinal of the first; the rest follow consecutively. Every vector is
     * validated before any is added.
     */
    @Override
    public int addAll(float[][] batch) {
        float[][] stored = new float[batch.length][];
        for (int i = 0; i < batch.length; i++) {
            checkOpen();
            Vectors.checkVector(batch[i], dimension, "vector " + i + " of the batch");
            stored[i] = Vectors.storedForm(similarity, batch[i], "vector " + i + " of the batch");
        }
        writers.readLock().lock();
        try {
            return insertAll(stored);
        } finally {
            writers.readLock().unlock();
        }
    }

    private int insertAll(float[][] stored) {
        int[] ordinals = new int[stored.length];
        synchronized (this) {
            for (int i = 0; i < stored.length; i++) {
                ordinals[i] = store(stored[i]);
            }
        }
        AtomicInteger next = new AtomicInteger();
        int threads = Math.min(config.buildThreads(), Math.max(1, stored.length / 64));
        Runnable worker = () -> {
            HnswInserter inserter = borrowInserter();
            try {
                for (int i = next.getAndIncrement(); i < stored.length; i = next.getAndIncrement()) {
                    inserter.insert(ordinals[i], stored[i]);
                }
            } finally {
                inserters.add(inserter);
            }
        };
        // Each thread takes the next unlinked vector until none is left: inserts vary in cost, so no fixed split.
        Parallel.forRanges(threads, threads, (part, from, to) -> worker.run());
        return stored.length == 0 ? size() : ordinals[0];
    }

    /** Stores a vector under the next ordinal; synchronized so that ordinals become visible in order, never with gaps. */
    private synchronized int store(float[] stored) {
        if (!(vectors instanceof HeapVectorStorage heap)) {
            throw new IllegalStateException("this index was loaded memory-mapped and is read-only; load it onto the heap to add");
        }
        int ordinal = allocateOrdinal();
        heap.set(ordinal, stored);
        return ordinal;
    }

    private HnswInserter borrowInserter() {
        HnswInserter inserter = inserters.poll();
        return inserter != null
                ? inserter
                : new HnswInserter(graph, (HeapVectorStorage) vectors, similarity, config);
    }

    /**
     * The best {@code k} live vectors for {@code query}. {@code parameters} must be
     * {@link HnswSearchParameters} with {@code ef >= k}.
     *
     * <p>With a filter, the cost of scanning the admitted vectors exactly is compared with the
     * expected cost of a filtered walk, about {@code 2·M·ef / selectivity} evaluations: the
     * cheaper is chosen, and a walk that has already scored as many vectors as the filter admits
     * stops and scans exactly instead. Either way the admitted vectors' top k is what is sought.
     */
    @Override
    public SearchResults search(float[] query, int k, SearchParameters parameters) {
        float[] stored = checkedQuery(query, k, parameters, HnswSearchParameters.class);
        HnswSearchParameters hnsw = (HnswSearchParameters) parameters;
        if (hnsw.ef() < k) {
            throw new IllegalArgumentException("ef must be >= k, got ef=" + hnsw.ef() + " and k=" + k);
        }
        int size = vectors.size();
        if (size == 0) {
            throw new IllegalStateException("cannot search an empty index: add vectors first");
        }
        Bits filter = hnsw.filter();
        boolean filtered = filter != Bits.ALL;
        Bits accept = filtered || hasDeletions() ? Bits.andNot(filter, deleted) : null;
        int admitted = filtered ? filter.approximateCardinality(size) : liveCount();
        long walkCost = (long) graph.maxConnections(0) * hnsw.ef() * size / Math.max(1, admitted);
        QueryScorer scorer = QueryScorer.of(similarity, vectors, stored);
        long entry = graph.entry();
        if (entry != -1L && (!filtered || walkCost < admitted)) {
            HnswSearcher searcher = borrowSearcher();
            try {
                int entryNode = searcher.descend(scorer, HnswGraph.entryNodeOf(entry), HnswGraph.entryLevelOf(entry), 0);
                int budget = filtered ? Math.max(admitted, hnsw.ef()) : Integer.MAX_VALUE;
                int evaluated = searcher.searchLayer(scorer, new int[] {entryNode}, 1, hnsw.ef(), 0, accept, budget);
                if (evaluated != HnswSearcher.BUDGET_EXCEEDED) {
                    return SearchResults.fromHeap(similarity, searcher.results, k, scorer.evaluations());
                }
            } finally {
                searchers.add(searcher);
            }
        }
        LongHeap heap = new LongHeap(k);
        ExactScan.topK(scorer, 0, size, filter, deleted, k, heap);
        return SearchResults.fromHeap(similarity, heap, k, scorer.evaluations());
    }

    private HnswSearcher borrowSearcher() {
        HnswSearcher searcher = searchers.poll();
        return searcher != null ? searcher : new HnswSearcher(graph);
    }

    @Override
    public long bytesUsed() {
        return vectors.bytesUsed() + graph.bytesUsed() + deleted.length() / 8;
    }

    @Override
    public String factoryString() {
        return "HNSW" + config.maxConnections() + ",efc" + config.efConstruction() + ",seed" + config.seed();
    }

    @Override
    public void save(Path path) throws IOException {
        writers.writeLock().lock();
        try {
            writeFile(path);
        } finally {
            writers.writeLock().unlock();
        }
    }

    private void writeFile(Path path) throws IOException {
        checkOpen();
        int size = vectors.size();
        long entry = graph.entry();
        try (IndexFileWriter writer = new IndexFileWriter(path, new IndexFileHeader(IndexType.HNSW, similarity, dimension))) {
            writer.writeInt(config.maxConnections());
            writer.writeInt(config.efConstruction());
            writer.writeLong(config.seed());
            writer.writeInt(config.buildThreads());
            writer.writeInt(size);
            writer.writeInt(HnswGraph.entryNodeOf(entry));
            writer.writeInt(HnswGraph.entryLevelOf(entry));
            for (int node = 0; node < size; node++) {
                writer.writeInt(graph.level(node));
            }
            CommonSections.writeDeleted(writer, deleted, size);
            int[] neighbours = new int[graph.maxConnections(0)];
            for (int node = 0; node < size; node++) {
                writeList(writer, graph.neighbours(node, 0, neighbours), neighbours);
            }
            for (int node = 0; node < size; node++) {
                for (int level = 1; level <= graph.level(node); level++) {
                    writeList(writer, graph.neighbours(node, level, neighbours), neighbours);
                }
            }
            CommonSections.writeVectors(writer, vectors, size);
            writer.commit();
        }
    }

    private static void writeList(IndexFileWriter writer, int count, int[] neighbours) throws IOException {
        writer.writeInt(count);
        writer.writeInts(neighbours, 0, count);
    }

    /**
     * Loads an index saved by {@link #save}. With {@code mapped}, vectors are served from the
     * file's memory mapping, so an index larger than the heap can be searched (it is then
     * read-only except for deletes); otherwise they are copied onto the heap. Any truncation or
     * altered byte is a {@link dev.annex.store.CorruptIndexException} naming the file.
     */
    public static HnswIndex load(Path path, boolean mapped) throws IOException {
        try (IndexFileReader reader = IndexFileReader.open(path, IndexType.HNSW)) {
            IndexFileHeader header = reader.header();
            int maxConnections = reader.readInt("M", 2, 512);
            int efConstruction = reader.readInt("efConstruction", maxConnections, 100_000);
            long seed = reader.readLong();
            int buildThreads = reader.readInt("build threads", 1, 4096);
            HnswConfig config = new HnswConfig(maxConnections, efConstruction, seed, buildThreads);
            int size = reader.readInt("size", 0, Integer.MAX_VALUE);
            int entryNode = reader.readInt("entry node", size == 0 ? -1 : 0, size - 1);
            int entryLevel = reader.readInt("entry level", size == 0 ? -1 : 0, 63);
            HnswGraph graph = new HnswGraph(maxConnections);
            for (int node = 0; node < size; node++) {
                graph.addNode(node, reader.readInt("level of node " + node, 0, entryLevel));
            }
            ConcurrentBitSet deleted = CommonSections.readDeleted(reader, size);
            int[] neighbours = new int[graph.maxConnections(0)];
            for (int node = 0; node < size; node++) {
                readList(reader, graph, node, 0, size, neighbours);
            }
            for (int node = 0; node < size; node++) {
                for (int level = 1; level <= graph.level(node); level++) {
                    readList(reader, graph, node, level, size, neighbours);
                }
            }
            if (size > 0) {
                graph.offerEntry(entryNode, entryLevel);
            }
            VectorStorage vectors = CommonSections.readVectors(reader, header.dimension(), size, mapped);
            reader.expectEnd();
            return new HnswIndex(header.dimension(), header.similarity(), config, vectors, graph, deleted,
                    mapped ? reader.keepMapping() : null);
        }
    }

    private static void readList(IndexFileReader reader, HnswGraph graph, int node, int level, int size, int[] into)
            throws IOException {
        int count = reader.readInt("neighbour count of node " + node, 0, graph.maxConnections(level));
        for (int i = 0; i < count; i++) {
            into[i] = reader.readInt("neighbour of node " + node, 0, size - 1);
        }
        graph.setNeighbours(node, level, into, count);
    }

}
