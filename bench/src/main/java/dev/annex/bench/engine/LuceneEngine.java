package dev.annex.bench.engine;

import dev.annex.bench.BenchmarkException;
import dev.annex.bench.Dataset;
import dev.annex.bench.ProgressBar;
import dev.annex.util.Parallel;
import dev.annex.vector.Similarity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

/**
 * Lucene's HNSW as Lucene users run it: documents with a {@link KnnFloatVectorField} added by
 * {@code threads} indexing threads through an {@link IndexWriter} on a directory on disk,
 * {@code forceMerge(1)} with as many merge workers, then {@link KnnFloatVectorQuery}. HNSW
 * settings map one to one (maxConn = M, beamWidth = efConstruction); a search at ef asks Lucene
 * for ef nearest documents and keeps the top k. Inner product uses
 * {@code MAXIMUM_INNER_PRODUCT}, since Lucene's {@code DOT_PRODUCT} requires unit vectors.
 */
final class LuceneEngine implements Engine {

    private static final String VECTOR_FIELD = "vector";
    private static final String ORDINAL_FIELD = "ordinal";
    private static final double RAM_BUFFER_MB = 1024;

    /** Holds Lucene's logger so that the capture below survives garbage collection of weakly held loggers. */
    private static final Logger LUCENE_LOGGER = Logger.getLogger("org.apache.lucene");
    private static final StringBuffer VECTORIZATION_LOG = new StringBuffer();

    static {
        LUCENE_LOGGER.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName() != null && record.getLoggerName().contains("vectorization")) {
                    VECTORIZATION_LOG.append(record.getMessage()).append(' ');
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @Override
    public String name() {
        return "lucene";
    }

    @Override
    public BuiltIndex build(Dataset dataset, EngineSettings settings, ProgressBar progress) throws IOException {
        if (dataset.dimension() > KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS) {
            throw new BenchmarkException("lucene indexes at most " + KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS
                    + " dimensions by default; " + dataset.name() + " has " + dataset.dimension());
        }
        Path directoryPath = Files.createTempDirectory("annex-bench-lucene-");
        FSDirectory directory = FSDirectory.open(directoryPath);
        int threads = settings.threads();
        ExecutorService mergeWorkers = Executors.newFixedThreadPool(threads);
        try {
            KnnVectorsFormat format = new Lucene99HnswVectorsFormat(settings.m(), settings.efConstruction(), threads, threads > 1 ? mergeWorkers : null);
            IndexWriterConfig config = new IndexWriterConfig()
                    .setCodec(new Lucene104Codec() {
                        @Override
                        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                            return format;
                        }
                    })
                    .setRAMBufferSizeMB(RAM_BUFFER_MB)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE);
            VectorSimilarityFunction function = similarityFunction(dataset.similarity());
            float[][] base = dataset.base();
            try (IndexWriter writer = new IndexWriter(directory, config)) {
                progress.start("lucene index", base.length);
                Parallel.forRanges(threads, base.length, (part, from, to) -> {
                    for (int i = from; i < to; i++) {
                        Document document = new Document();
                        document.add(new KnnFloatVectorField(VECTOR_FIELD, base[i], function));
                        document.add(new NumericDocValuesField(ORDINAL_FIELD, i));
                        try {
                            writer.addDocument(document);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        progress.advance(1);
                    }
                });
                progress.finish();
                progress.start("lucene forceMerge(1)", 1);
                writer.forceMerge(1);
                writer.commit();
                progress.finish();
            }
        } finally {
            mergeWorkers.shutdown();
        }
        DirectoryReader reader = DirectoryReader.open(directory);
        int[] documentOrdinals = documentOrdinals(reader);
        IndexSearcher searcher = new IndexSearcher(reader);
        searcher.setQueryCache(null);
        double bytesPerVector = (double) directorySize(directoryPath) / dataset.base().length;
        List<OperatingPoint> points = new ArrayList<>();
        for (int ef : settings.efSearch()) {
            int beam = EngineSettings.beamWidth(ef, Dataset.K);
            points.add(new OperatingPoint("HNSW", "ef=" + beam, bytesPerVector, (query, k) -> {
                try {
                    VisitCountingQuery knn = new VisitCountingQuery(query, Math.max(beam, k));
                    TopDocs top = searcher.search(knn, k);
                    int[] ordinals = new int[top.scoreDocs.length];
                    int i = 0;
                    for (ScoreDoc hit : top.scoreDocs) {
                        ordinals[i++] = documentOrdinals[hit.doc];
                    }
                    return new Searcher.Answer(ordinals, knn.visited.get());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        String params = "version=" + Version.LATEST + ",maxConn=" + settings.m() + ",beamWidth=" + settings.efConstruction()
                + ",mergeWorkers=" + threads + ",vectorization=" + vectorization();
        return new BuiltIndex("lucene", params, points, () -> {
            reader.close();
            directory.close();
            deleteRecursively(directoryPath);
        });
    }

    /** {@code panama} when Lucene logged that it uses the Vector API, else what it logged instead. */
    static String vectorization() {
        // Lucene chooses and logs its vectorization when VectorUtil is first used.
        org.apache.lucene.util.VectorUtil.dotProduct(new float[] {1}, new float[] {1});
        String log = VECTORIZATION_LOG.toString().trim();
        if (log.contains("vector incubator API enabled")) {
            return "panama";
        }
        return "scalar(" + (log.isEmpty() ? "no vectorization message from Lucene" : log.replace(',', ';')) + ")";
    }

    private static int[] documentOrdinals(DirectoryReader reader) throws IOException {
        if (reader.leaves().size() != 1) {
            throw new IllegalStateException("forceMerge(1) left " + reader.leaves().size() + " segments");
        }
        LeafReader leaf = reader.leaves().get(0).reader();
        int[] ordinals = new int[leaf.maxDoc()];
        NumericDocValues values = leaf.getNumericDocValues(ORDINAL_FIELD);
        for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
            ordinals[doc] = (int) values.longValue();
        }
        return ordinals;
    }

    private static long directorySize(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            long total = 0;
            for (Path file : files.toList()) {
                total += Files.size(file);
            }
            return total;
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static VectorSimilarityFunction similarityFunction(Similarity similarity) {
        return switch (similarity) {
            case L2 -> VectorSimilarityFunction.EUCLIDEAN;
            case DOT -> VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
            case COSINE -> VectorSimilarityFunction.COSINE;
        };
    }

    /**
     * Lucene's kNN query, counting the vectors its graph search visited: the total-hits figure of
     * each leaf's approximate search, which Lucene sets to the visited count.
     */
    private static final class VisitCountingQuery extends KnnFloatVectorQuery {

        final java.util.concurrent.atomic.AtomicLong visited = new java.util.concurrent.atomic.AtomicLong();

        VisitCountingQuery(float[] target, int k) {
            super(VECTOR_FIELD, target, k);
        }

        @Override
        protected TopDocs approximateSearch(org.apache.lucene.index.LeafReaderContext context, org.apache.lucene.search.AcceptDocs acceptDocs,
                                            int visitedLimit, org.apache.lucene.search.knn.KnnCollectorManager collectors)
                throws IOException {
            TopDocs found = super.approximateSearch(context, acceptDocs, visitedLimit, collectors);
            visited.addAndGet(found.totalHits.value());
            return found;
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
