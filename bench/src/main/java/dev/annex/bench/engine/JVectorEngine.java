package dev.annex.bench.engine;

import dev.annex.bench.Dataset;
import dev.annex.bench.ProgressBar;
import dev.annex.vector.Similarity;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * jvector's in-memory hierarchical graph, built with its {@code GraphIndexBuilder} and searched
 * with its {@code GraphSearcher} over full-precision vectors. HNSW settings map as: maximum
 * degree 2M (HNSW's base-layer degree), beam width efConstruction, hierarchy on, and jvector's
 * recommended alpha 1.2 and neighbour overflow 1.2; a search at ef asks for the top k and
 * re-ranks ef candidates, which is jvector's beam width.
 *
 * <p>jvector's {@code DOT_PRODUCT} assumes unit vectors, and on inner-product data with varying
 * norms its recall stalls far below 1 at any beam width. For such data the adapter applies the
 * textbook reduction of maximum inner product to nearest neighbour: each base vector x gains the
 * component sqrt(N^2 - |x|^2), N the largest base norm, each query gains 0, and the graph is built
 * and searched under L2, whose order then equals the inner-product order.
 */
final class JVectorEngine implements Engine {

    /**
     * jvector picks its native (C) kernels where it can; its Panama kernels measured about 25 %
     * faster on this bench's machines, so they are chosen unless the user sets the property.
     */
    private static final String PROVIDER_PROPERTY = "jvector.vectorization_provider";

    static {
        if (System.getProperty(PROVIDER_PROPERTY) == null) {
            System.setProperty(PROVIDER_PROPERTY, "panama");
        }
    }

    private static final float ALPHA = 1.2f;
    private static final float NEIGHBOR_OVERFLOW = 1.2f;

    @Override
    public String name() {
        return "jvector";
    }

    @Override
    public BuiltIndex build(Dataset dataset, EngineSettings settings, ProgressBar progress) {
        VectorTypeSupport types = VectorizationProvider.getInstance().getVectorTypeSupport();
        boolean reduceInnerProduct = dataset.similarity() == Similarity.DOT;
        float[][] base = reduceInnerProduct ? withNormCompletion(dataset.base()) : dataset.base();
        int dimension = base[0].length;
        List<VectorFloat<?>> vectors = new ArrayList<>(base.length);
        for (float[] vector : base) {
            vectors.add(types.createFloatVector(vector));
        }
        ListRandomAccessVectorValues values = new ListRandomAccessVectorValues(vectors, dimension);
        VectorSimilarityFunction function = switch (dataset.similarity()) {
            case L2, DOT -> VectorSimilarityFunction.EUCLIDEAN;
            case COSINE -> VectorSimilarityFunction.COSINE;
        };
        int degree = 2 * settings.m();
        ForkJoinPool pool = new ForkJoinPool(settings.threads());
        GraphIndexBuilder builder = new GraphIndexBuilder(BuildScoreProvider.randomAccessScoreProvider(values, function),
                dimension, degree, settings.efConstruction(), NEIGHBOR_OVERFLOW, ALPHA, true, true, pool, pool);
        try {
            progress.start("jvector build", values.size());
            int step = Math.max(1_000, values.size() / 100);
            for (int from = 0; from < values.size(); from += step) {
                int lower = from;
                int upper = Math.min(values.size(), from + step);
                pool.submit(() -> IntStream.range(lower, upper).parallel()
                        .forEach(node -> builder.addGraphNode(node, values.getVector(node)))).join();
                progress.advance(upper - lower);
            }
            builder.cleanup();
            progress.finish();
        } finally {
            pool.shutdown();
        }
        ImmutableGraphIndex graph = builder.getGraph();
        double bytesPerVector = (double) (graph.ramBytesUsed() + (long) values.size() * dimension * Float.BYTES) / values.size();
        ThreadLocal<GraphSearcher> searchers = ThreadLocal.withInitial(() -> new GraphSearcher(graph));
        List<OperatingPoint> points = new ArrayList<>();
        for (int ef : settings.efSearch()) {
            int beam = EngineSettings.beamWidth(ef, Dataset.K);
            points.add(new OperatingPoint("HNSW", "ef=" + beam, bytesPerVector, (query, k) -> {
                DefaultSearchScoreProvider scorer = DefaultSearchScoreProvider.exact(
                        types.createFloatVector(reduceInnerProduct ? Arrays.copyOf(query, dimension) : query), function, values);
                SearchResult result = searchers.get().search(scorer, k, beam, 0f, 0f, Bits.ALL);
                SearchResult.NodeScore[] nodes = result.getNodes();
                int[] ordinals = new int[nodes.length];
                for (int i = 0; i < nodes.length; i++) {
                    ordinals[i] = nodes[i].node;
                }
                return new Searcher.Answer(ordinals, result.getVisitedCount());
            }));
        }
        String params = "version=" + Versions.JVECTOR + ",M=" + settings.m() + ",maxDegree=" + degree + ",beamWidth="
                + settings.efConstruction() + ",alpha=" + ALPHA + ",overflow=" + NEIGHBOR_OVERFLOW + ",hierarchy=true,metric=" + (reduceInnerProduct ? "ip-as-l2" : function) + ",vectorization="
                + VectorizationProvider.getInstance().getClass().getSimpleName();
        return new BuiltIndex("jvector", params, points, builder);
    }

    /** Each vector with one more component, sqrt(N^2 - |x|^2) for the largest norm N, so all have norm N. */
    private static float[][] withNormCompletion(float[][] vectors) {
        double[] squaredNorms = new double[vectors.length];
        double largest = 0;
        for (int i = 0; i < vectors.length; i++) {
            for (float v : vectors[i]) {
                squaredNorms[i] += (double) v * v;
            }
            largest = Math.max(largest, squaredNorms[i]);
        }
        float[][] completed = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            completed[i] = Arrays.copyOf(vectors[i], vectors[i].length + 1);
            completed[i][vectors[i].length] = (float) Math.sqrt(Math.max(0, largest - squaredNorms[i]));
        }
        return completed;
    }
}
