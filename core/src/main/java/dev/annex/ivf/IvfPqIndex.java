package dev.annex.ivf;

import dev.annex.api.AbstractVectorIndex;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.IvfSearchParameters;
import dev.annex.api.SearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.hnsw.HnswConfig;
import dev.annex.hnsw.HnswIndex;
import dev.annex.quant.KMeans;
import dev.annex.quant.ProductQuantizer;
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
import dev.annex.util.ScoredNodes;
import dev.annex.vector.HeapVectorStorage;
import dev.annex.vector.Similarity;
import dev.annex.vector.VectorKernels;
import dev.annex.vector.VectorKernelsProvider;
import dev.annex.vector.VectorStorage;
import dev.annex.vector.Vectors;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An inverted-file index with product-quantized residuals (IVF-PQ): k-means splits the space
 * into {@code nlist} cells; each vector is stored in its nearest cell's list as the m-byte PQ
 * code of its residual (vector minus cell centroid). A search scores the centroids, scans the
 * {@code nprobe} best lists with a per-query lookup table, and optionally re-scores the best
 * candidates exactly against kept full vectors.
 *
 * <p>Scores from codes, with {@code c} the list centroid and {@code r} the decoded residual:
 * inner product {@code q·x ≈ q·c + q·r}; squared distance
 * {@code |q-x|² ≈ |q-c|² - 2 q·r + (2 c·r + |r|²)}. In both, {@code q·r} is the sum of m
 * entries of one table per query (no per-list table), and the bracket is one float stored per
 * vector. Cosine stores unit vectors and ranks by the distance estimate, reported as
 * {@code 1 - d²/2}: on unit vectors it orders as cosine does and is the more precise estimate.
 *
 * <p>Usage: {@link #train} on a sample, then {@link #add}/{@link #addAll} at any time. Searches
 * run from many threads during adds and deletes.
 *
 * <p>File format, after the common header of {@link IndexFileHeader}: nlist, m, rerank factor,
 * seed (long), threads, iterations, size; nlist × d centroid floats; the codebooks (d × 256
 * floats, layout of {@link ProductQuantizer}); the deletion section of {@link CommonSections};
 * for each list: its size, its ordinals, its codes (size × m bytes), its corrections; then, when
 * vectors are kept, the vector section of {@link CommonSections}.
 */
public final class IvfPqIndex extends AbstractVectorIndex {

    private static final VectorKernels KERNELS = VectorKernelsProvider.kernels();
    /** Training uses at most this many points per centroid, sampled with the seed. */
    private static final int TRAINING_POINTS_PER_CENTROID = 256;
    /** Smallest candidate list when walking the centroid graph. */
    private static final int CENTROID_SEARCH_MIN_EF = 48;

    private final IvfPqConfig config;
    private final VectorStorage vectors;
    private final ConcurrentLinkedQueue<float[]> tables = new ConcurrentLinkedQueue<>();
    private volatile Quantizers quantizers;
    private volatile int size;

    /**
     * The trained parts: coarse centroids with their squared norms and an HNSW graph over them
     * (for choosing lists without scoring every centroid), the PQ, and the lists.
     */
    private record Quantizers(float[][] centroids, float[] centroidSquaredNorms, HnswIndex centroidGraph, ProductQuantizer pq,
                              InvertedList[] lists) {

        Quantizers(float[][] centroids, ProductQuantizer pq, InvertedList[] lists, Similarity similarity, long seed) {
            this(centroids, KMeans.squaredNorms(centroids), centroidGraph(centroids, similarity, seed), pq, lists);
        }

        /** Lists are chosen by inner product for DOT, else by distance; the graph ranks the same way. */
        private static HnswIndex centroidGraph(float[][] centroids, Similarity similarity, long seed) {
            HnswIndex graph = new HnswIndex(centroids[0].length, similarity == Similarity.DOT ? Similarity.DOT : Similarity.L2,
                    new HnswConfig(16, 100, seed, 1));
            graph.addAll(centroids);
            return graph;
        }
    }

    /** An untrained, empty index. */
    public IvfPqIndex(int dimension, Similarity similarity, IvfPqConfig config) {
        this(dimension, similarity, config, config.keepsVectors() ? new HeapVectorStorage(dimension) : null,
                new ConcurrentBitSet(0), 0, null, null);
        if (dimension % config.subspaces() != 0) {
            throw new IllegalArgumentException("m=" + config.subspaces() + " does not divide the dimension d=" + dimension);
        }
    }

    private IvfPqIndex(int dimension, Similarity similarity, IvfPqConfig config, VectorStorage vectors,
                       ConcurrentBitSet deleted, int size, Quantizers quantizers, Arena mapping) {
        super(dimension, similarity, size, deleted, mapping);
        this.config = config;
        this.vectors = vectors;
        this.size = size;
        this.quantizers = quantizers;
    }

    /** The training and storage settings. */
    public IvfPqConfig config() {
        return config;
    }

    /** Whether {@link #train} has run. */
    public boolean isTrained() {
        return quantizers != null;
    }

    @Override
    protected VectorStorage vectors() {
        return vectors;
    }

    @Override
    public int size() {
        return size;
    }

    /**
     * Learns the coarse centroids and the product quantizer from {@code sample} (at least nlist
     * and at least 256 vectors; at most 256 per centroid are used, drawn with the seed).
     */
    public synchronized void train(float[][] sample) {
        checkOpen();
        if (quantizers != null) {
            throw new IllegalStateException("index is already trained");
        }
        if (sample == null || sample.length < config.nlist()) {
            throw new IllegalArgumentException("nlist=" + config.nlist() + " is larger than the training sample ("
                    + (sample == null ? 0 : sample.length) + " vectors)");
        }
        float[][] stored = storedForms(sample, "training vector");
        float[][] points = KMeans.subsample(stored, config.nlist() * TRAINING_POINTS_PER_CENTROID, new SplittableRandom(config.seed()));
        float[][] centroids = KMeans.train(points, config.nlist(), config.iterations(), config.seed(), config.threads()).centroids();
        float[] norms = KMeans.squaredNorms(centroids);
        float[][] residuals = new float[points.length][];
        float[] scratch = new float[centroids.length];
        for (int i = 0; i < points.length; i++) {
            residuals[i] = residual(points[i], centroids[KMeans.nearest(points[i], centroids, norms, scratch)]);
        }
        ProductQuantizer pq = ProductQuantizer.train(residuals, config.subspaces(), config.iterations(), config.seed() + 1,
                config.threads());
        InvertedList[] lists = new InvertedList[config.nlist()];
        for (int i = 0; i < lists.length; i++) {
            lists[i] = new InvertedList(config.subspaces());
        }
        quantizers = new Quantizers(centroids, pq, lists, similarity, config.seed());
    }

    private float[][] storedForms(float[][] batch, String what) {
        float[][] stored = new float[batch.length][];
        for (int i = 0; i < batch.length; i++) {
            Vectors.checkVector(batch[i], dimension, what + " " + i);
            stored[i] = Vectors.storedForm(similarity, batch[i], what + " " + i);
        }
        return stored;
    }

    private static float[] residual(float[] vector, float[] centroid) {
        float[] residual = new float[vector.length];
        for (int j = 0; j < vector.length; j++) {
            residual[j] = vector[j] - centroid[j];
        }
        return residual;
    }

    /** A vector ready to append: its list, code and correction. */
    private record Encoded(int list, byte[] code, float correction) {
    }

    private Encoded encode(Quantizers trained, float[] stored) {
        int list = KMeans.nearest(stored, trained.centroids(), trained.centroidSquaredNorms(), new float[config.nlist()]);
        float[] centroid = trained.centroids()[list];
        byte[] code = new byte[config.subspaces()];
        trained.pq().encode(residual(stored, centroid), code, 0);
        float[] decoded = trained.pq().decode(code, 0, new float[dimension]);
        float correction = 2 * KERNELS.dotProduct(centroid, 0, decoded, 0, dimension)
                + KERNELS.dotProduct(decoded, 0, decoded, 0, dimension);
        return new Encoded(list, code, correction);
    }

    @Override
    public int add(float[] vector) {
        float[] stored = checkedForAdd(vector);
        Quantizers trained = requireTrained();
        requireWritable();
        return append(trained, stored, encode(trained, stored));
    }

    /**
     * Adds many vectors, encoding them on {@link IvfPqConfig#threads()} threads; returns the ordinal
     * of the first, the rest follow. Every vector is validated before any is added.
     */
    @Override
    public int addAll(float[][] batch) {
        checkOpen();
        Quantizers trained = requireTrained();
        requireWritable();
        float[][] stored = storedForms(batch, "vector");
        Encoded[] encoded = new Encoded[stored.length];
        int threads = Math.max(1, Math.min(config.threads(), stored.length / 64));
        Parallel.forRanges(threads, stored.length, (part, from, to) -> {
            for (int i = from; i < to; i++) {
                encoded[i] = encode(trained, stored[i]);
            }
        });
        synchronized (this) {
            int first = size;
            for (int i = 0; i < stored.length; i++) {
                append(trained, stored[i], encoded[i]);
            }
            trimToSize();
            return first;
        }
    }

    private synchronized int append(Quantizers trained, float[] stored, Encoded encoded) {
        int ordinal = allocateOrdinal();
        if (vectors instanceof HeapVectorStorage heap) {
            heap.set(ordinal, stored);
        }
        InvertedList list = trained.lists()[encoded.list()];
        synchronized (list) {
            list.append(ordinal, encoded.code(), 0, encoded.correction());
        }
        size = ordinal + 1;
        return ordinal;
    }

    private Quantizers requireTrained() {
        Quantizers trained = quantizers;
        if (trained == null) {
            throw new IllegalStateException("index is not trained: call train(sample) before adding or searching");
        }
        return trained;
    }

    private void requireWritable() {
        if (vectors != null && !(vectors instanceof HeapVectorStorage)) {
            throw new IllegalStateException("this index was loaded memory-mapped and is read-only; load it onto the heap to add");
        }
    }

    /**
     * The best {@code k} live vectors for {@code query}; {@code parameters} must be
     * {@link IvfSearchParameters} with {@code nprobe <= nlist}. A filter that admits few vectors
     * widens the probe so that enough of them are met, and when it admits fewer vectors than the
     * probe would scan, the admitted vectors are scored exactly (with kept vectors) instead.
     */
    @Override
    public SearchResults search(float[] query, int k, SearchParameters parameters) {
        float[] stored = checkedQuery(query, k, parameters, IvfSearchParameters.class);
        IvfSearchParameters ivf = (IvfSearchParameters) parameters;
        Quantizers trained = requireTrained();
        if (ivf.nprobe() > config.nlist()) {
            throw new IllegalArgumentException("nprobe must be in [1, nlist=" + config.nlist() + "], got " + ivf.nprobe());
        }
        if (ivf.rerankFactor() > 0 && vectors == null) {
            throw new IllegalArgumentException("rerankFactor=" + ivf.rerankFactor()
                    + " needs kept vectors, but this index keeps codes only (build it with a Rerank setting)");
        }
        int currentSize = size;
        if (currentSize == 0) {
            throw new IllegalStateException("cannot search an empty index: add vectors first");
        }
        Bits filter = ivf.filter();
        boolean filtered = filter != Bits.ALL;
        Bits accept = filtered || hasDeletions() ? Bits.andNot(filter, deleted) : null;
        int admitted = filtered ? Math.max(1, filter.approximateCardinality(currentSize)) : Math.max(1, liveCount());
        int candidates = ivf.rerankFactor() > 0 ? k * ivf.rerankFactor() : k;
        long scannedByProbe = (long) ivf.nprobe() * currentSize / config.nlist();
        if (filtered && vectors != null && admitted <= scannedByProbe) {
            QueryScorer scorer = QueryScorer.of(similarity, vectors, stored);
            LongHeap heap = new LongHeap(k);
            ExactScan.topK(scorer, 0, currentSize, filter, deleted, k, heap);
            return SearchResults.fromHeap(similarity, heap, k, scorer.evaluations());
        }
        int nprobe = ivf.nprobe();
        if (filtered) {
            long needed = 2L * candidates * config.nlist() / admitted;
            nprobe = (int) Math.min(config.nlist(), Math.max(nprobe, needed));
        }
        LongHeap heap = scan(trained, stored, nprobe, candidates, accept);
        long evaluations = heap.size();
        if (ivf.rerankFactor() > 0) {
            QueryScorer scorer = QueryScorer.of(similarity, vectors, stored);
            int count = heap.size();
            int[] ordinals = new int[count];
            for (int i = 0; i < count; i++) {
                ordinals[i] = ScoredNodes.node(heap.get(i));
            }
            float[] exact = new float[QueryScorer.scoreBufferLength(count)];
            scorer.scoreAll(ordinals, count, exact);
            LongHeap reranked = new LongHeap(k);
            for (int i = 0; i < count; i++) {
                reranked.pushBounded(ScoredNodes.pack(exact[i], ordinals[i]), k);
            }
            return SearchResults.fromHeap(similarity, reranked, k, scorer.evaluations());
        }
        return SearchResults.fromHeap(similarity, heap, k, evaluations);
    }

    /**
     * Scans the {@code nprobe} best lists and keeps the best {@code keep} by code-based score.
     * Lists are chosen by distance to their centroid, or by inner product for {@link Similarity#DOT}.
     */
    private LongHeap scan(Quantizers trained, float[] query, int nprobe, int keep, Bits accept) {
        // Unit vectors rank the same by distance as by cosine, and the distance estimate from codes is the more precise.
        boolean byDistance = similarity != Similarity.DOT;
        float distanceScale = similarity == Similarity.COSINE ? -0.5f : -1f;
        float scoreOffset = similarity == Similarity.COSINE ? 1f : 0f;
        LongHeap probes = chooseLists(trained, query, nprobe, byDistance);
        float[] table = borrowTable(trained);
        try {
            trained.pq().innerProductTable(query, table);
            LongHeap results = new LongHeap(keep);
            int m = config.subspaces();
            while (!probes.isEmpty()) {
                long probe = probes.pop();
                int list = ScoredNodes.node(probe);
                float closeness = ScoredNodes.score(probe);
                float base = byDistance ? -closeness : closeness;
                ListScanner.scan(trained.lists()[list].snapshot(), table, m, base, byDistance, distanceScale, scoreOffset,
                        accept, keep, results);
            }
            return results;
        } finally {
            tables.add(table);
        }
    }

    /**
     * The {@code nprobe} lists closest to the query, scored {@code -|q-c|²} when {@code byDistance},
     * else {@code q·c}. Few probes among many lists walk the centroid graph (a wide candidate list
     * keeps its choice nearly exact); otherwise every centroid is scored.
     */
    private LongHeap chooseLists(Quantizers trained, float[] query, int nprobe, boolean byDistance) {
        float[][] centroids = trained.centroids();
        LongHeap probes = new LongHeap(nprobe);
        if (nprobe * 8 <= centroids.length) {
            SearchResults nearest = trained.centroidGraph().search(query, nprobe,
                    HnswSearchParameters.ef(Math.max(4 * nprobe, CENTROID_SEARCH_MIN_EF)));
            for (int i = 0; i < nearest.size(); i++) {
                probes.push(ScoredNodes.pack(nearest.score(i), nearest.ordinal(i)));
            }
            return probes;
        }
        float queryNorm = KERNELS.dotProduct(query, 0, query, 0, dimension);
        float[] scores = new float[centroids.length];
        KMeans.scoreAgainst(query, centroids, byDistance ? trained.centroidSquaredNorms() : null, queryNorm, scores);
        for (int list = 0; list < centroids.length; list++) {
            probes.pushBounded(ScoredNodes.pack(byDistance ? -scores[list] : scores[list], list), nprobe);
        }
        return probes;
    }

    private float[] borrowTable(Quantizers trained) {
        float[] table = tables.poll();
        return table != null ? table : new float[trained.pq().subspaces() * ProductQuantizer.CENTROIDS];
    }

    @Override
    public long bytesUsed() {
        return codeBytes() + fixedBytes() + (vectors == null ? 0 : vectors.bytesUsed()) + deleted.length() / 8;
    }

    /** Bytes of the inverted lists: ordinals, codes and corrections, about m + 8 per vector. */
    public long codeBytes() {
        Quantizers trained = quantizers;
        if (trained == null) {
            return 0;
        }
        long bytes = 0;
        for (InvertedList list : trained.lists()) {
            bytes += list.bytesUsed();
        }
        return bytes;
    }

    /** Bytes that do not grow with the number of vectors: coarse centroids, their graph, and the PQ codebooks. */
    public long fixedBytes() {
        Quantizers trained = quantizers;
        return trained == null ? 0
                : (long) config.nlist() * dimension * Float.BYTES + trained.pq().bytesUsed() + trained.centroidGraph().bytesUsed();
    }

    /** Releases the spare capacity of every list; {@link #addAll} does it after each batch. */
    public void trimToSize() {
        Quantizers trained = quantizers;
        if (trained != null) {
            for (InvertedList list : trained.lists()) {
                synchronized (list) {
                    list.trimToSize();
                }
            }
        }
    }

    @Override
    public String factoryString() {
        return "IVF" + config.nlist() + ",PQ" + config.subspaces() + "x8"
                + (config.rerankFactor() > 0 ? ",Rerank" + config.rerankFactor() : "") + ",seed" + config.seed();
    }

    @Override
    public synchronized void save(Path path) throws IOException {
        checkOpen();
        Quantizers trained = requireTrained();
        int count = size;
        try (IndexFileWriter writer = new IndexFileWriter(path, new IndexFileHeader(IndexType.IVF_PQ, similarity, dimension))) {
            writer.writeInt(config.nlist());
            writer.writeInt(config.subspaces());
            writer.writeInt(config.rerankFactor());
            writer.writeLong(config.seed());
            writer.writeInt(config.threads());
            writer.writeInt(config.iterations());
            writer.writeInt(count);
            for (float[] centroid : trained.centroids()) {
                writer.writeFloats(centroid, 0, dimension);
            }
            float[] codebooks = trained.pq().codebooks();
            writer.writeFloats(codebooks, 0, codebooks.length);
            CommonSections.writeDeleted(writer, deleted, count);
            for (InvertedList list : trained.lists()) {
                InvertedList.Snapshot entries = list.snapshot();
                writer.writeInt(entries.size());
                writer.writeInts(entries.ordinals(), 0, entries.size());
                writer.writeBytes(entries.codes(), 0, entries.size() * config.subspaces());
                writer.writeFloats(entries.corrections(), 0, entries.size());
            }
            if (vectors != null) {
                CommonSections.writeVectors(writer, vectors, count);
            }
            writer.commit();
        }
    }

    /**
     * Loads an index saved by {@link #save}; with {@code mapped}, kept vectors are served from the
     * file's mapping (read-only but for deletes). Damage is a {@link dev.annex.store.CorruptIndexException}.
     */
    public static IvfPqIndex load(Path path, boolean mapped) throws IOException {
        try (IndexFileReader reader = IndexFileReader.open(path, IndexType.IVF_PQ)) {
            IndexFileHeader header = reader.header();
            int dimension = header.dimension();
            int nlist = reader.readInt("nlist", 1, 1 << 24);
            int m = reader.readInt("m", 1, dimension);
            if (dimension % m != 0) {
                throw reader.corrupt("m=" + m + " does not divide the dimension " + dimension);
            }
            int rerank = reader.readInt("rerank factor", 0, 1 << 20);
            long seed = reader.readLong();
            int threads = reader.readInt("threads", 1, 4096);
            int iterations = reader.readInt("iterations", 1, 1 << 20);
            IvfPqConfig config = new IvfPqConfig(nlist, m, rerank, seed, threads, iterations);
            int count = reader.readInt("size", 0, Integer.MAX_VALUE);
            float[][] centroids = new float[nlist][dimension];
            for (float[] centroid : centroids) {
                reader.readFloats(centroid, 0, dimension);
            }
            float[] codebooks = new float[dimension * ProductQuantizer.CENTROIDS];
            reader.readFloats(codebooks, 0, codebooks.length);
            ConcurrentBitSet deleted = CommonSections.readDeleted(reader, count);
            InvertedList[] lists = new InvertedList[nlist];
            byte[] code = new byte[m];
            int listed = 0;
            for (int list = 0; list < nlist; list++) {
                lists[list] = new InvertedList(m);
                int entries = reader.readInt("size of list " + list, 0, count - listed);
                int[] ordinals = new int[entries];
                for (int i = 0; i < entries; i++) {
                    ordinals[i] = reader.readInt("ordinal in list " + list, 0, count - 1);
                }
                byte[] codes = new byte[entries * m];
                reader.readBytes(codes, 0, codes.length);
                float[] corrections = new float[entries];
                reader.readFloats(corrections, 0, entries);
                for (int i = 0; i < entries; i++) {
                    System.arraycopy(codes, i * m, code, 0, m);
                    lists[list].append(ordinals[i], code, 0, corrections[i]);
                }
                lists[list].trimToSize();
                listed += entries;
            }
            if (listed != count) {
                throw reader.corrupt("lists hold " + listed + " vectors, the header says " + count);
            }
            VectorStorage vectors = config.keepsVectors() ? CommonSections.readVectors(reader, dimension, count, mapped) : null;
            reader.expectEnd();
            Quantizers quantizers = new Quantizers(centroids, new ProductQuantizer(dimension, m, codebooks), lists,
                    header.similarity(), seed);
            return new IvfPqIndex(dimension, header.similarity(), config, vectors, deleted, count, quantizers,
                    mapped && vectors != null ? reader.keepMapping() : null);
        }
    }

}
