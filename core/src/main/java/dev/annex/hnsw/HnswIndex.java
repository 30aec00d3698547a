package dev.annex.hnsw;

import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.api.SearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.internal.AbstractVectorIndex;
import dev.annex.quant.QuantizedVectors;
import dev.annex.quant.ScalarQuantizer;
import dev.annex.internal.Results;
import dev.annex.score.ExactScan;
import dev.annex.util.Bits;
import dev.annex.util.ConcurrentBitSet;
import dev.annex.util.LongHeap;
import dev.annex.util.Parallel;
import dev.annex.util.ScratchPool;
import dev.annex.vector.HeapVectorStorage;
import dev.annex.vector.Similarity;
import dev.annex.vector.VectorStorage;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A Hierarchical Navigable Small World graph index (Malkov &amp; Yashunin, 2016) over float vectors.
 *
 * <p>Searches run from any number of threads, also while vectors are added and deleted; they
 * never block on writers. Deleted vectors stay in the graph as waypoints, so it stays navigable,
 * but are never returned. With a filter, or deletions, that leave few vectors admitted the index
 * scans them exactly instead of walking the graph (see {@link #search}). For
 * {@link Similarity#DOT} the graph is linked by raw inner product: vectors with large norms
 * become hubs that most searches pass through, which is where the best inner-product answers
 * lie when norms vary widely.
 *
 * <p>Every live vector stays reachable from the entry point ({@link HnswConnectivity}): the
 * check and repair run after every {@link #addAll} batch, before every {@link #save}, and after
 * single {@link #add}s once they reach 1/64 of the index (so their cost is amortised to about one
 * search's worth per add).
 *
 * <p>With {@code SQ8} ({@link HnswSpec#scalarQuantized()}) the graph is built on the float
 * vectors but searches walk it on int8 codes of them ({@link ScalarQuantizer}, a scale per
 * dimension learned by {@link #train}), reading a quarter of the bytes per evaluation, and then
 * re-score the best {@code min(ef, k × Rerank)} candidates exactly against the floats (ef is not
 * raised for it, so a small ef stays cheap). Such an index must
 * be trained before vectors are added.
 *
 * <p>The file format is {@link HnswFileFormat}'s.
 */
public final class HnswIndex extends AbstractVectorIndex {

    /** Single adds between connectivity repairs, as a fraction of the index size: 1/64. */
    private static final int REPAIR_INTERVAL_SHIFT = 6;

    private final HnswSpec spec;
    private final VectorStorage vectors;
    private final HnswGraph graph;
    /** Replaced once, when training installs the codes, so that every searcher walks them. */
    private volatile ScratchPool<HnswSearcher> searchers;
    /** The int8 codes of an SQ8 index once trained; null otherwise. */
    private volatile QuantizedVectors codes;
    private final ScratchPool<HnswInserter> inserters;
    /** Adds hold it shared; connectivity repair and {@link #save} exclusively, so neither sees a half-linked node. Searches never take it. */
    private final ReentrantReadWriteLock writers = new ReentrantReadWriteLock();
    private final AtomicInteger addsSinceRepair = new AtomicInteger();

    /** An empty index of {@code dimension}-component vectors. */
    public HnswIndex(int dimension, Similarity similarity, HnswSpec spec) {
        this(dimension, similarity, checked(spec), new HeapVectorStorage(dimension), new HnswGraph(spec.maxConnections()),
                new ConcurrentBitSet(0), null, null);
    }

    HnswIndex(int dimension, Similarity similarity, HnswSpec spec, VectorStorage vectors, HnswGraph graph,
              ConcurrentBitSet deleted, Arena mapping, ScalarQuantizer quantizer) {
        super(dimension, similarity, vectors.size(), deleted, mapping, spec.buildThreads());
        this.spec = spec;
        this.vectors = vectors;
        this.graph = graph;
        installCodes(quantizer);
        this.inserters = ScratchPool.forProcessors(() -> new HnswInserter(graph, (HeapVectorStorage) vectors, similarity, spec));
    }

    /** Encodes the stored vectors with {@code quantizer} (none: walks stay on the floats) and makes the searchers walk them. */
    private void installCodes(ScalarQuantizer quantizer) {
        QuantizedVectors encoded = null;
        if (quantizer != null) {
            encoded = new QuantizedVectors(quantizer);
            float[] scratch = new float[dimension];
            for (int ordinal = 0; ordinal < vectors.size(); ordinal++) {
                encoded.set(ordinal, vectors.copyInto(ordinal, scratch));
            }
        }
        QuantizedVectors walked = encoded;
        this.codes = walked;
        this.searchers = ScratchPool.forProcessors(() -> new HnswSearcher(graph, similarity, vectors, walked));
    }

    /** Whether vectors can be added: always, except an SQ8 index before {@link #train}. */
    @Override
    public boolean isTrained() {
        return !spec.scalarQuantized() || codes != null;
    }

    /**
     * For {@code SQ8}: learns the range of each dimension from {@code sample} (at least one vector;
     * later vectors outside it are clipped, so give a sample of the data). Other HNSW indices need
     * no training and ignore it.
     */
    @Override
    public synchronized void train(float[][] sample) {
        if (!spec.scalarQuantized()) {
            return;
        }
        checkWritable();
        if (codes != null) {
            throw new IllegalStateException("index is already trained");
        }
        if (sample == null || sample.length == 0) {
            throw new IllegalArgumentException("SQ8 needs at least one training vector, got "
                    + (sample == null ? "null" : "an empty sample"));
        }
        float[][] stored = new float[sample.length][];
        for (int i = 0; i < sample.length; i++) {
            stored[i] = storedView(sample[i], "training vector " + i);
        }
        installCodes(ScalarQuantizer.train(stored, dimension));
    }

    /** The quantizer of an SQ8 index, null otherwise. For the file format. */
    ScalarQuantizer quantizer() {
        QuantizedVectors current = codes;
        return current == null ? null : current.quantizer();
    }

    private static HnswSpec checked(HnswSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec is null; use HnswSpec.DEFAULT");
        }
        return spec;
    }

    @Override
    public HnswSpec spec() {
        return spec;
    }

    @Override
    protected VectorStorage vectors() {
        return vectors;
    }

    HnswGraph graph() {
        return graph;
    }

    @Override
    protected int insert(float[] stored) {
        int ordinal;
        writers.readLock().lock();
        try {
            ordinal = store(stored);
            HnswInserter inserter = inserters.borrow();
            try {
                inserter.insert(ordinal, stored);
            } finally {
                inserters.release(inserter);
            }
        } finally {
            writers.readLock().unlock();
        }
        if (addsSinceRepair.incrementAndGet() >= Math.max(1, size() >>> REPAIR_INTERVAL_SHIFT)) {
            ensureConnected();
        }
        return ordinal;
    }

    /**
     * Inserts a batch with {@link HnswSpec#buildThreads()} threads, then makes every live node
     * reachable. Returns the ordinal of the first; the rest follow consecutively.
     */
    @Override
    protected int insertAll(float[][] stored) {
        int[] ordinals = new int[stored.length];
        writers.readLock().lock();
        try {
            synchronized (this) {
                for (int i = 0; i < stored.length; i++) {
                    ordinals[i] = store(stored[i]);
                }
            }
            AtomicInteger next = new AtomicInteger();
            int threads = Math.min(spec.buildThreads(), Math.max(1, stored.length / 64));
            // Each thread takes the next unlinked vector until none is left: inserts vary in cost, so no fixed split.
            Parallel.forRanges(threads, threads, (part, from, to) -> {
                HnswInserter inserter = inserters.borrow();
                try {
                    for (int i = next.getAndIncrement(); i < stored.length; i = next.getAndIncrement()) {
                        inserter.insert(ordinals[i], stored[i]);
                    }
                } finally {
                    inserters.release(inserter);
                }
            });
        } finally {
            writers.readLock().unlock();
        }
        addsSinceRepair.addAndGet(stored.length);
        ensureConnected();
        return ordinals[0];
    }

    /** Stores a vector under the next ordinal; synchronized so that ordinals become visible in order, never with gaps. */
    private synchronized int store(float[] stored) {
        int ordinal = allocateOrdinal();
        ((HeapVectorStorage) vectors).set(ordinal, stored);
        if (codes != null) {
            codes.set(ordinal, stored);
        }
        return ordinal;
    }

    /** Links every live node the entry point cannot reach, if any adds happened since the last check. */
    private void ensureConnected() {
        writers.writeLock().lock();
        try {
            if (addsSinceRepair.getAndSet(0) > 0) {
                HnswSearcher searcher = searchers.borrow();
                try {
                    new HnswConnectivity(graph, vectors, searcher, spec.efConstruction(), similarity == Similarity.DOT)
                            .repair(vectors.size(), deletedOrNull());
                } finally {
                    searchers.release(searcher);
                }
            }
        } finally {
            writers.writeLock().unlock();
        }
    }

    /** The live nodes that a walk from the entry point on layer 0 cannot reach; empty when the graph is sound. For tests. */
    int unreachableLiveNodes() {
        int size = vectors.size();
        HnswSearcher searcher = searchers.borrow();
        try {
            Bits reached = new HnswConnectivity(graph, vectors, searcher, spec.efConstruction(), false).reachable(size);
            int unreachable = 0;
            for (int node = 0; node < size; node++) {
                unreachable += reached.get(node) || isDeleted(node) ? 0 : 1;
            }
            return unreachable;
        } finally {
            searchers.release(searcher);
        }
    }

    @Override
    protected Class<? extends SearchParameters> parameterType() {
        return HnswSearchParameters.class;
    }

    /**
     * The best {@code k} live vectors for {@code query}. {@code parameters} must be
     * {@link HnswSearchParameters}; an ef below k is raised to k (as hnswlib does).
     *
     * <p>When a filter or deletions leave some vectors out, the cost of scanning the admitted
     * vectors exactly is compared with the expected cost of a restricted walk, about
     * {@code 2·M·ef / (admitted share)} evaluations: the cheaper is chosen, and a walk that has
     * already scored as many vectors as are admitted stops and scans exactly instead, as does one
     * that ends with fewer than {@code min(k, admitted)} results. Either way the admitted
     * vectors' top k is what is sought; {@link SearchResults#scannedExactly()} says which path ran.
     */
    @Override
    protected SearchResults searchStored(float[] storedQuery, int k, SearchParameters parameters) {
        HnswSearchParameters hnsw = (HnswSearchParameters) parameters;
        int size = vectors.size();
        int rerank = codes == null ? 0 : spec.rerankFactor();
        int ef = Math.max(hnsw.ef(), Math.min(k, size));
        Bits filter = hnsw.filter() == Bits.ALL ? null : hnsw.filter();
        Bits deleted = deletedOrNull();
        boolean restricted = filter != null || deleted != null;
        int admitted = admittedEstimate(hnsw.filter(), size);
        long walkCost = (long) graph.maxConnections(0) * ef * size / Math.max(1, admitted);
        // Unfiltered, the live count is exact, so a walk that finds fewer than min(k, live) missed some; filtered, only k is sure.
        int enough = filter == null ? Math.min(k, liveCount()) : k;
        long entry = graph.entry();
        HnswSearcher searcher = searchers.borrow().bind(storedQuery);
        try {
            if (entry != -1L && (!restricted || walkCost < admitted)) {
                int start = searcher.descend(HnswGraph.entryNodeOf(entry), HnswGraph.entryLevelOf(entry), 0);
                int budget = restricted ? Math.max(admitted, ef) : Integer.MAX_VALUE;
                int evaluated = searcher.searchLayer(start, ef, 0, filter, deleted, budget);
                if (evaluated != HnswSearcher.BUDGET_EXCEEDED && searcher.results.size() >= enough) {
                    LongHeap best = rerank > 0 ? searcher.rerank((int) Math.min(Integer.MAX_VALUE, (long) k * rerank), k) : searcher.results;
                    return Results.fromHeap(similarity, best, k, searcher.evaluations(), false);
                }
            }
            LongHeap heap = searcher.results;
            heap.clear();
            ExactScan.topK(searcher.scorer, 0, size, hnsw.filter(), deleted, k, heap);
            return Results.fromHeap(similarity, heap, k, searcher.evaluations(), true);
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * The nearest {@code ef} nodes to a query already in stored form, packed as
     * {@link dev.annex.util.ScoredNodes} into {@code into} (cleared first), without any
     * allocation or validation: for callers that walk a graph on every query of their own, such
     * as an IVF index choosing its lists.
     */
    public void searchInto(float[] storedQuery, int ef, LongHeap into) {
        into.clear();
        long entry = graph.entry();
        if (entry == -1L) {
            return;
        }
        HnswSearcher searcher = searchers.borrow().bind(storedQuery);
        try {
            int start = searcher.descend(HnswGraph.entryNodeOf(entry), HnswGraph.entryLevelOf(entry), 0);
            searcher.searchLayer(start, ef, 0, null, deletedOrNull(), Integer.MAX_VALUE);
            for (int i = 0; i < searcher.results.size(); i++) {
                into.push(searcher.results.get(i));
            }
        } finally {
            searchers.release(searcher);
        }
    }

    @Override
    public long bytesUsed() {
        QuantizedVectors current = codes;
        return vectors.bytesUsed() + graph.bytesUsed() + deleted.capacity() / 8 + (current == null ? 0 : current.bytesUsed());
    }

    @Override
    protected void write(Path path) throws IOException {
        ensureConnected();
        writers.writeLock().lock();
        try {
            checkOpen();
            HnswFileFormat.write(this, path);
        } finally {
            writers.writeLock().unlock();
        }
    }

    /**
     * Loads an index saved by {@link #save}. With {@code mapped}, vectors are served from the
     * file's memory mapping, so an index larger than the heap can be searched (it is then
     * read-only except for deletes); otherwise they are copied onto the heap. Any truncation,
     * altered byte or inconsistent field is a {@link dev.annex.format.CorruptIndexException}
     * naming the file.
     */
    public static HnswIndex load(Path path, boolean mapped) throws IOException {
        return HnswFileFormat.read(path, mapped);
    }
}
