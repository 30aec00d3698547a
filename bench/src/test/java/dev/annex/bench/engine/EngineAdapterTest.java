package dev.annex.bench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.bench.Dataset;
import dev.annex.bench.ProgressBar;
import dev.annex.bench.Recall;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every engine answers a tiny dataset exactly at generous settings. Oracle: the exact neighbours
 * the bench computes with Annex's exact index; data: seeded synthetic sets of 2,000 vectors in
 * 16 dimensions (seed 5); threshold: recall@10 of 1.0 over the 1,000 queries, where an answer
 * that ties the 10th true neighbour's score to within 1e-5 counts (engines compute cosine with
 * different rounding, so exact ties may fall either way).
 */
class EngineAdapterTest {

    private static final Map<String, Dataset> DATASETS = new ConcurrentHashMap<>();
    private static final EngineSettings GENEROUS =
            new EngineSettings(2, 16, 200, new int[] {10, 300}, 16, 4, new int[] {16}, new int[] {0, 50}, 42L);

    @ParameterizedTest
    @CsvSource({
        "annex-hnsw, clustered-2000-16-l2", "annex-hnsw, two-tower-2000-16", "annex-hnsw, clustered-2000-16-cosine",
        "annex-ivfpq, clustered-2000-16-l2", "annex-ivfpq, two-tower-2000-16",
        "annex-ivfpq-fs, clustered-2000-16-l2", "annex-ivfpq-fs, two-tower-2000-16",
        "annex-flat, clustered-2000-16-l2", "annex-flat, two-tower-2000-16",
        "jvector, clustered-2000-16-l2", "jvector, two-tower-2000-16", "jvector, clustered-2000-16-cosine",
        "lucene, clustered-2000-16-l2", "lucene, two-tower-2000-16", "lucene, clustered-2000-16-cosine"})
    void answersATinyDatasetExactlyAtGenerousSettings(String engineName, String datasetName) throws Exception {
        Dataset dataset = DATASETS.computeIfAbsent(datasetName, name -> Dataset.synthetic(name, 5L, 2));
        Engine engine = Engines.parse(engineName).get(0);
        try (BuiltIndex built = engine.build(dataset, GENEROUS, new ProgressBar(new PrintStream(new ByteArrayOutputStream())))) {
            List<OperatingPoint> points = built.operatingPoints();
            OperatingPoint thorough = points.get(points.size() - 1);
            double recall = 0;
            for (int q = 0; q < dataset.queries().length; q++) {
                Searcher.Answer found = thorough.searcher().search(dataset.queries()[q], Dataset.K);
                int[] answer = found.ordinals();
                assertTrue(found.evaluations() >= Dataset.K, engineName + " reports the vectors it scored: " + found.evaluations());
                assertEquals(Dataset.K, answer.length);
                recall += Recall.atK(withTiesAsTruth(dataset, q, answer), dataset.groundTruth()[q], Dataset.K);
            }
            // jvector's two-thread build is not deterministic, and it answers inner product through an L2 reduction: on
            // the spread norms of two-tower data a build now and then reaches only 0.98, on clustered cosine data 0.9998
            // (each seen once in a full run). Every other engine here must be exact.
            double floor = !engineName.equals("jvector") ? 1.0 : datasetName.startsWith("two-tower") ? 0.97 : 0.99;
            assertTrue(recall / dataset.queries().length >= floor - 1e-12,
                    engineName + " " + thorough.searchParams() + " on " + datasetName + ": recall " + recall / dataset.queries().length);
            assertTrue(built.buildParams().contains("version="), built.buildParams());
            assertTrue(thorough.bytesPerVector() >= 1, "bytes per vector reported: " + thorough.bytesPerVector());
        }
    }

    /** {@code answer} with each id that ties the k-th true neighbour replaced by a true neighbour it missed. */
    private static int[] withTiesAsTruth(Dataset dataset, int q, int[] answer) {
        int[] truth = Arrays.copyOf(dataset.groundTruth()[q], Dataset.K);
        float[] query = dataset.queries()[q];
        double kthScore = score(dataset, query, truth[Dataset.K - 1]);
        Set<Integer> missed = new LinkedHashSet<>();
        Arrays.stream(truth).forEach(missed::add);
        Arrays.stream(answer).forEach(missed::remove);
        Iterator<Integer> substitutes = missed.iterator();
        int[] adjusted = answer.clone();
        for (int i = 0; i < adjusted.length; i++) {
            int id = adjusted[i];
            boolean isTrue = Arrays.stream(truth).anyMatch(t -> t == id);
            if (!isTrue && substitutes.hasNext() && Math.abs(score(dataset, query, adjusted[i]) - kthScore) <= 1e-5 * Math.max(1, Math.abs(kthScore))) {
                adjusted[i] = substitutes.next();
            }
        }
        return adjusted;
    }

    /** The exact score of base vector {@code id} for {@code query} under the dataset's similarity, larger is better. */
    private static double score(Dataset dataset, float[] query, int id) {
        float[] vector = dataset.base()[id];
        double dot = 0;
        double queryNorm = 0;
        double vectorNorm = 0;
        double squaredDistance = 0;
        for (int j = 0; j < query.length; j++) {
            dot += query[j] * vector[j];
            queryNorm += query[j] * query[j];
            vectorNorm += vector[j] * vector[j];
            squaredDistance += (query[j] - vector[j]) * (query[j] - vector[j]);
        }
        return switch (dataset.similarity()) {
            case L2 -> -squaredDistance;
            case DOT -> dot;
            case COSINE -> dot / Math.sqrt(queryNorm * vectorNorm);
        };
    }

    /** The peers run with their SIMD paths, as the bench says in its output: a silent scalar fallback fails here. */
    @ParameterizedTest
    @CsvSource({"jvector, vectorization=(Panama|Native)VectorizationProvider", "lucene, vectorization=panama"})
    void peersRunVectorized(String engineName, String expected) throws Exception {
        Dataset dataset = DATASETS.computeIfAbsent("clustered-2000-16-l2", name -> Dataset.synthetic(name, 5L, 2));
        try (BuiltIndex built = Engines.parse(engineName).get(0).build(dataset, GENEROUS,
                new ProgressBar(new PrintStream(new ByteArrayOutputStream())))) {
            assertTrue(Pattern.compile(expected).matcher(built.buildParams()).find(), built.buildParams());
        }
    }
}
