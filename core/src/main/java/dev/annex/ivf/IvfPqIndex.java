package dev.annex.ivf;

import dev.annex.api.IvfPqSpec;
import dev.annex.api.IvfSearchParameters;
import dev.annex.api.SearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.internal.AbstractVectorIndex;
import dev.annex.internal.Results;
import dev.annex.quant.KMeans;
import dev.annex.quant.ProductQuantizer;
import dev.annex.score.ExactScan;
import dev.annex.score.QueryScorer;
import dev.annex.util.Bits;
import dev.annex.util.ConcurrentBitSet;
import dev.annex.util.LongHeap;
import dev.annex.util.Parallel;
import dev.annex.util.ScoredNodes;
import dev.annex.util.ScratchPool;
import dev.annex.util.TopValues;
import dev.annex.vector.HeapVectorStorage;
import dev.annex.vector.Similarity;
import dev.annex.vector.VectorKernels;
import dev.annex.vector.VectorKernelsProvider;
import dev.annex.vector.VectorStorage;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * An inverted-file index with product-quantized residuals (IVF-PQ): k-means splits the space
 * into {@code nlist} cells ({@link CoarseQuantizer}); each vector is stored in its nearest cell's
 * list as the PQ code of its residual (vector minus cell centroid): m bytes, or with fast scan
 * ({@link IvfPqSpec#fastScan()}) m 4-bit codes packed in blocks of 32 ({@link InvertedList}). A search chooses the
 * {@code nprobe} best lists, scans them with a per-query lookup table, and optionally re-scores
 * the best candidates exactly against kept full vectors.
 *
 * <p>Scores from codes, with {@code c} the list centroid and {@code r} the decoded residual:
 * inner product {@code q·x ≈ q·c + q·r}; squared distance
 * {@code |q-x|² ≈ |q-c|² - 2 q·r + (2 c·r + |r|²)}. In both, {@code q·r} is the sum of m
 * entries of one table per query (no per-list table), and the bracket is one float stored per
 * vector. Cosine stores unit vectors and ranks by the distance estimate, reported as
 * {@code 1 - d²/2}: on unit vectors it orders as cosine does and is the more precise estimate.
 *
 * <p>Usage: {@link #train} on a sample, then {@link #add}/{@link #addAll} at any time. Searches
 * run from many threads during adds and deletes and allocate nothing but their results. The
 * file format is {@link IvfPqFileFormat}'s.
 */
public final class IvfPqIndex extends AbstractVectorIndex {

    private static final VectorKernels KERNELS = VectorKernelsProvider.kernels();
    /** Training uses at most this many points per centroid, sampled with the seed. */
    private static final int TRAINING_POINTS_PER_CENTROID = 256;

    private final IvfPqSpec spec;
    private final VectorStorage vectors;
    private final ScratchPool<SearchScratch> scratch;
    /** How estimated inner products become scores for this similarity. */
    private final ListScanner.CodeScore scoring;
    private volatile Trained trained;
    private volatile int size;

    /** The trained parts: the coarse quantizer, the product quantizer, and the lists. */
    record Trained(CoarseQuantizer coarse, ProductQuantizer pq, InvertedList[] lists) {
    }

    /** What one search needs besides its results, reused across searches. */
    private final class SearchScratch {
        final float[] table;
        final FastScanTable fastScanTable;
        final short[] blockSums = new short[InvertedList.BLOCK];
        final float[] listScores;
        final LongHeap probes = new LongHeap(64);
        /** The probed lists, worst first, as {@link #probes} gives them up. */
        long[] probeOrder = new long[64];
        /** The best codes of a scan, by estimated score. */
        final TopValues best = new TopValues(64);
        /** The answer being assembled: exact scores of re-ranked candidates, or the best codes. */
        final LongHeap candidates = new LongHeap(64);
        final QueryScorer scorer;
        int[] rerankOrdinals = new int[64];
        float[] rerankScores = new float[64];

        SearchScratch(Trained parts) {
            table = new float[parts.pq().subspaces() * parts.pq().centroids()];
            fastScanTable = spec.fastScan() ? new FastScanTable(parts.pq().subspaces()) : null;
            listScores = new float[parts.coarse().centroids().scoresLength()];
            scorer = vectors == null ? null : QueryScorer.of(similarity, vectors, null);
        }
    }

    /** An untrained, empty index. */
    public IvfPqIndex(int dimension, Similarity similarity, IvfPqSpec spec) {
        this(dimension, similarity, checked(dimension, spec), spec.keepsVectors() ? new HeapVectorStorage(dimension) : null,
                new ConcurrentBitSet(0), 0, null, null);
    }

    IvfPqIndex(int dimension, Similarity similarity, IvfPqSpec spec, VectorStorage vectors,
               ConcurrentBitSet deleted, int size, Trained trained, Arena mapping) {
        super(dimension, similarity, size, deleted, mapping, spec.threads());
        this.spec = spec;
        this.vectors = vectors;
        this.size = size;
        this.trained = trained;
        this.scratch = ScratchPool.forProcessors(() -> new SearchScratch(requireTrained()));
        // Unit vectors rank the same by distance as by cosine, and the distance estimate from codes is the more precise.
        this.scoring = new ListScanner.CodeScore(similarity != Similarity.DOT, similarity == Similarity.COSINE ? -0.5f : -1f,
                similarity == Similarity.COSINE ? 1f : 0f);
    }

    private static IvfPqSpec checked(int dimension, IvfPqSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec is null; try IvfPqSpec.of(nlist, m)");
        }
        if (dimension <= 0 || dimension % spec.subspaces() != 0) {
            throw new IllegalArgumentException("m=" + spec.subspaces() + " does not divide the dimension d=" + dimension);
        }
        return spec;
    }

    @Override
    public IvfPqSpec spec() {
        return spec;
    }

    @Override
    public boolean isTrained() {
        return trained != null;
    }

    Trained trained() {
        return trained;
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
    @Override
    public synchronized void train(float[][] sample) {
        checkWritable();
        if (trained != null) {
            throw new IllegalStateException("index is already trained");
        }
        if (sample == null || sample.length < spec.nlist()) {
            throw new IllegalArgumentException("nlist=" + spec.nlist() + " is larger than the training sample ("
                    + (sample == null ? 0 : sample.length) + " vectors)");
        }
        float[][] stored = new float[sample.length][];
        for (int i = 0; i < sample.length; i++) {
            stored[i] = storedView(sample[i], "training vector " + i);
        }
        float[][] points = KMeans.subsample(stored, spec.nlist() * TRAINING_POINTS_PER_CENTROID, new SplittableRandom(spec.seed()));
        float[][] centroids = KMeans.train(points, spec.nlist(), spec.iterations(), spec.seed(), spec.threads()).centroids();
        CoarseQuantizer coarse = new CoarseQuantizer(centroids, similarity, spec.seed());
        // The product quantizer learns from at most its own sample size, so only that many residuals are made.
        float[][] encoderPoints = KMeans.subsample(stored, ProductQuantizer.trainingSampleSize(spec.codeBits()),
                new SplittableRandom(spec.seed() + 1));
        int[] assigned = coarse.assignAll(encoderPoints, workers(encoderPoints.length));
        float[][] residuals = new float[encoderPoints.length][];
        for (int i = 0; i < encoderPoints.length; i++) {
            residuals[i] = residual(encoderPoints[i], centroids[assigned[i]]);
        }
        ProductQuantizer pq = ProductQuantizer.train(residuals, spec.subspaces(), spec.codeBits(), spec.iterations(),
                spec.seed() + 1, spec.threads());
        InvertedList[] lists = new InvertedList[spec.nlist()];
        for (int i = 0; i < lists.length; i++) {
            lists[i] = new InvertedList(spec.subspaces(), spec.fastScan());
        }
        trained = new Trained(coarse, pq, lists);
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

    private Encoded encode(Trained parts, float[] stored, int list) {
        float[] centroid = parts.coarse().centroids().get(list);
        byte[] code = new byte[spec.subspaces()];
        parts.pq().encode(residual(stored, centroid), code, 0);
        if (!parts.coarse().byDistance()) {
            // An inner-product score needs no correction: see ListScanner.CodeScore.
            return new Encoded(list, code, 0f);
        }
        float[] decoded = parts.pq().decode(code, 0, new float[dimension]);
        float correction = 2 * KERNELS.dotProduct(centroid, 0, decoded, 0, dimension)
                + KERNELS.dotProduct(decoded, 0, decoded, 0, dimension);
        return new Encoded(list, code, correction);
    }

    @Override
    protected int insert(float[] stored) {
        Trained parts = requireTrained();
        return append(parts, stored, encode(parts, stored, parts.coarse().assign(stored, new float[parts.coarse().centroids().scoresLength()])));
    }

    /**
     * Encodes the batch on {@link IvfPqSpec#threads()} threads, then appends it; returns the
     * ordinal of the first, the rest follow. Lists grow geometrically and are never trimmed here.
     */
    @Override
    protected int insertAll(float[][] stored) {
        Trained parts = requireTrained();
        Encoded[] encoded = new Encoded[stored.length];
        int threads = workers(stored.length);
        int[] lists = parts.coarse().assignAll(stored, threads);
        Parallel.forRanges(threads, stored.length, (part, from, to) -> {
            for (int i = from; i < to; i++) {
                encoded[i] = encode(parts, stored[i], lists[i]);
            }
        });
        synchronized (this) {
            int first = size;
            for (int i = 0; i < stored.length; i++) {
                append(parts, stored[i], encoded[i]);
            }
            return first;
        }
    }

    private synchronized int append(Trained parts, float[] stored, Encoded encoded) {
        int ordinal = allocateOrdinal();
        if (vectors instanceof HeapVectorStorage heap) {
            heap.set(ordinal, stored);
        }
        InvertedList list = parts.lists()[encoded.list()];
        synchronized (list) {
            list.append(ordinal, encoded.code(), 0, encoded.correction());
        }
        size = ordinal + 1;
        return ordinal;
    }

    /** Threads for work over {@code vectors} vectors: the spec's, but one per 64 vectors at most. */
    private int workers(int vectors) {
        return Math.max(1, Math.min(spec.threads(), vectors / 64));
    }

    private Trained requireTrained() {
        Trained parts = trained;
        if (parts == null) {
            throw new IllegalStateException("index is not trained: call train(sample) before adding or searching");
        }
        return parts;
    }

    @Override
    protected Class<? extends SearchParameters> parameterType() {
        return IvfSearchParameters.class;
    }

    /**
     * The best {@code k} live vectors for {@code query}; {@code parameters} must be
     * {@link IvfSearchParameters} with {@code nprobe <= nlist}. Re-ranks as the index was built
     * to unless the parameters say otherwise. A filter or deletions that leave few vectors
     * admitted widen the probe so that enough of them are met, and when a filter admits fewer
     * vectors than the probe would scan, the admitted vectors are scored exactly (with kept
     * vectors) instead. When the probed lists hold fewer admitted vectors than the answer needs
     * ({@code min(k, admitted)}), every list is scanned, so {@code nprobe} is a minimum.
     */
    @Override
    protected SearchResults searchStored(float[] storedQuery, int k, SearchParameters parameters) {
        IvfSearchParameters ivf = (IvfSearchParameters) parameters;
        Trained parts = requireTrained();
        if (ivf.nprobe() > spec.nlist()) {
            throw new IllegalArgumentException("nprobe must be in [1, nlist=" + spec.nlist() + "], got " + ivf.nprobe());
        }
        int rerankFactor = ivf.rerankFactor() == IvfSearchParameters.INDEX_DEFAULT ? spec.rerankFactor() : ivf.rerankFactor();
        if (rerankFactor > 0 && vectors == null) {
            throw new IllegalArgumentException("rerankFactor=" + rerankFactor
                    + " needs kept vectors, but this index keeps codes only (build it with a Rerank setting)");
        }
        int currentSize = size;
        int live = liveCount();
        Bits filter = ivf.filter() == Bits.ALL ? null : ivf.filter();
        Bits deleted = deletedOrNull();
        int admitted = Math.max(1, admittedEstimate(ivf.filter(), currentSize));
        int candidates = (int) Math.min((long) k * Math.max(1, rerankFactor), Math.max(1, live));
        long scannedByProbe = (long) ivf.nprobe() * currentSize / spec.nlist();
        SearchScratch work = scratch.borrow();
        try {
            if (filter != null && vectors != null && admitted <= scannedByProbe) {
                work.candidates.clear();
                ExactScan.topK(work.scorer.bind(storedQuery), 0, currentSize, ivf.filter(), deleted, k, work.candidates);
                return Results.fromHeap(similarity, work.candidates, k, work.scorer.evaluations(), true);
            }
            int nprobe = ivf.nprobe();
            if (filter != null || deleted != null) {
                long needed = 2L * candidates * spec.nlist() / admitted;
                nprobe = (int) Math.min(spec.nlist(), Math.max(nprobe, needed));
            }
            long scanned = scan(parts, work, storedQuery, nprobe, candidates, filter, deleted);
            if (work.best.size() < Math.min(k, admitted) && nprobe < spec.nlist()) {
                // Too few admitted vectors in the probed lists to fill the answer: scan every list.
                scanned += scan(parts, work, storedQuery, spec.nlist(), candidates, filter, deleted);
            }
            if (rerankFactor == 0) {
                work.candidates.clear();
                work.best.trimInto(work.candidates);
                return Results.fromHeap(similarity, work.candidates, k, scanned, false);
            }
            return rerank(work, storedQuery, k, scanned);
        } finally {
            scratch.release(work);
        }
    }

    /** Re-scores the candidates in {@code work.best} exactly against the kept vectors and keeps the best k. */
    private SearchResults rerank(SearchScratch work, float[] storedQuery, int k, long scanned) {
        TopValues best = work.best;
        int count = best.size();
        if (work.rerankOrdinals.length < count) {
            work.rerankOrdinals = new int[count];
            work.rerankScores = new float[QueryScorer.scoreBufferLength(count)];
        }
        for (int i = 0; i < count; i++) {
            work.rerankOrdinals[i] = ScoredNodes.node(best.get(i));
        }
        QueryScorer scorer = work.scorer.bind(storedQuery);
        scorer.scoreAll(work.rerankOrdinals, count, work.rerankScores);
        LongHeap heap = work.candidates;
        heap.clear();
        for (int i = 0; i < count; i++) {
            heap.pushBounded(ScoredNodes.pack(work.rerankScores[i], work.rerankOrdinals[i]), k);
        }
        return Results.fromHeap(similarity, heap, k, scanned + scorer.evaluations(), false);
    }

    /** Scans the {@code nprobe} best lists into {@code work.best}, keeping the best {@code keep}; returns the codes scored. */
    private long scan(Trained parts, SearchScratch work, float[] query, int nprobe, int keep, Bits filter, Bits deleted) {
        boolean byDistance = parts.coarse().byDistance();
        parts.coarse().chooseLists(query, nprobe, work.probes, work.listScores);
        parts.pq().innerProductTable(query, work.table);
        if (spec.fastScan()) {
            work.fastScanTable.quantize(work.table, spec.subspaces());
        }
        work.best.reset(keep);
        long scanned = 0;
        int m = spec.subspaces();
        int probed = work.probes.size();
        if (work.probeOrder.length < probed) {
            work.probeOrder = new long[probed];
        }
        for (int i = 0; i < probed; i++) {
            work.probeOrder[i] = work.probes.pop();
        }
        // Best list first: the k-th best score rises soonest, so the fast scan's bound skips the most.
        for (int i = probed - 1; i >= 0; i--) {
            long probe = work.probeOrder[i];
            int list = ScoredNodes.node(probe);
            float closeness = ScoredNodes.score(probe);
            float base = byDistance ? -closeness : closeness;
            InvertedList.Snapshot entries = parts.lists()[list].snapshot();
            scanned += spec.fastScan()
                    ? ListScanner.scanBlocks(entries, work.fastScanTable, m, scoring, base, filter, deleted, work.best, work.blockSums)
                    : ListScanner.scan(entries, work.table, m, scoring, base, filter, deleted, work.best);
        }
        work.best.trim();
        return scanned;
    }

    @Override
    public long bytesUsed() {
        return codeBytes() + fixedBytes() + (vectors == null ? 0 : vectors.bytesUsed()) + deleted.capacity() / 8;
    }

    /** Bytes of the inverted lists: ordinals, codes and corrections, about m + 8 per vector (m/2 + 8 with 4-bit codes) plus spare capacity. */
    public long codeBytes() {
        Trained parts = trained;
        if (parts == null) {
            return 0;
        }
        long bytes = 0;
        for (InvertedList list : parts.lists()) {
            bytes += list.bytesUsed();
        }
        return bytes;
    }

    /** Bytes that do not grow with the number of vectors: coarse centroids, their graph, and the PQ codebooks. */
    public long fixedBytes() {
        Trained parts = trained;
        return parts == null ? 0 : parts.coarse().bytesUsed() + parts.pq().bytesUsed();
    }

    /** Releases the spare capacity of every list, for an index that will take no more adds; adds never trim. */
    public void trimToSize() {
        Trained parts = trained;
        if (parts != null) {
            for (InvertedList list : parts.lists()) {
                synchronized (list) {
                    list.trimToSize();
                }
            }
        }
    }

    @Override
    protected synchronized void write(Path path) throws IOException {
        requireTrained();
        IvfPqFileFormat.write(this, path);
    }

    /**
     * Loads an index saved by {@link #save}; with {@code mapped}, kept vectors are served from the
     * file's mapping (read-only but for deletes). Damage is a {@link dev.annex.format.CorruptIndexException}.
     */
    public static IvfPqIndex load(Path path, boolean mapped) throws IOException {
        return IvfPqFileFormat.read(path, mapped);
    }
}
