package dev.annex.bench;

import dev.annex.api.ExactSearchParameters;
import dev.annex.api.FlatSpec;
import dev.annex.api.SearchResults;
import dev.annex.exact.ExactIndex;
import dev.annex.vector.Similarity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Base vectors, queries and the exact neighbours of each query, best first.
 *
 * @param name        dataset name, as in file names and CSV rows
 * @param similarity  how the ground truth was ranked
 * @param base        the vectors to index
 * @param queries     the query vectors
 * @param groundTruth for each query, ordinals into {@code base} of its exact nearest neighbours, best first
 */
public record Dataset(String name, Similarity similarity, float[][] base, float[][] queries, int[][] groundTruth) {

    /** Results per query every engine is asked for and scored on (recall@10). */
    public static final int K = 10;

    /** Neighbours per query computed when ground truth is missing. */
    static final int GROUND_TRUTH_DEPTH = 100;

    /** Seed of every synthetic dataset the bench generates. */
    static final long SYNTHETIC_SEED = 42L;

    public Dataset {
        if (base.length == 0 || queries.length == 0) {
            throw new BenchmarkException(name + ": needs at least one base vector and one query");
        }
        checkDimensions(name, base, queries);
        if (groundTruth.length < queries.length) {
            throw new BenchmarkException(name + ": ground truth covers " + groundTruth.length + " queries, there are " + queries.length);
        }
    }

    /** Components per vector. */
    public int dimension() {
        return base[0].length;
    }

    /** This dataset with only its first {@code count} queries. */
    public Dataset withQueries(int count) {
        if (count >= queries.length) {
            return this;
        }
        return new Dataset(name, similarity, base, java.util.Arrays.copyOf(queries, count),
                java.util.Arrays.copyOf(groundTruth, count));
    }

    /** Checks that every query has at least {@code k} true neighbours. */
    public void requireDepth(int k) {
        for (int q = 0; q < queries.length; q++) {
            if (groundTruth[q].length < k) {
                throw new BenchmarkException(name + ": ground truth of query " + q + " lists " + groundTruth[q].length
                        + " neighbours, fewer than k=" + k);
            }
        }
    }

    /**
     * The dataset {@code spec} names: an ann-benchmarks {@code .hdf5} file; a synthetic name (see
     * {@link SyntheticData}), generated once and kept as a Texmex directory under {@code dataDir};
     * or a Texmex directory, given as a path or as a name under {@code dataDir}. Missing ground
     * truth is computed exactly and cached next to the data.
     *
     * @param metric the similarity to use, or null for the one the data declares or its name implies
     */
    public static Dataset load(String spec, Path dataDir, Similarity metric, int threads, PrintStream out) throws IOException {
        if (spec.endsWith(".hdf5") || spec.endsWith(".h5")) {
            return loadHdf5(Path.of(spec), metric, threads, out);
        }
        if (SyntheticData.isSynthetic(spec)) {
            String name = SyntheticData.canonicalName(spec);
            Path dir = dataDir.resolve(name);
            if (!Files.exists(dir.resolve(name + "_base.fvecs"))) {
                out.println("generating " + name + " (seed " + SYNTHETIC_SEED + ") into " + dir);
                float[][][] generated = SyntheticData.generate(name, SYNTHETIC_SEED);
                Files.createDirectories(dir);
                TexmexFiles.writeFvecs(dir.resolve(name + "_base.fvecs"), generated[0]);
                TexmexFiles.writeFvecs(dir.resolve(name + "_query.fvecs"), generated[1]);
            }
            return loadTexmex(dataDir, name, metric == null ? SyntheticData.similarity(name) : metric, threads, out);
        }
        Path asPath = Path.of(spec);
        if (asPath.getParent() != null && Files.isDirectory(asPath)) {
            String name = asPath.getFileName().toString();
            return loadTexmex(asPath.getParent(), name, metric == null ? similarityFromName(name) : metric, threads, out);
        }
        return loadTexmex(dataDir, spec, metric == null ? similarityFromName(spec) : metric, threads, out);
    }

    /**
     * Loads {@code DIR/NAME/NAME_base.fvecs}, {@code NAME_query.fvecs} and
     * {@code NAME_groundtruth.ivecs}; the ground truth is computed exactly and written there when absent.
     */
    public static Dataset loadTexmex(Path dataDir, String name, Similarity similarity, int threads, PrintStream out) throws IOException {
        Path dir = dataDir.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new BenchmarkException("no dataset directory " + dir + " (nor an .hdf5 file or a synthetic name such as clustered-50000-96-l2)");
        }
        float[][] base = TexmexFiles.readFvecs(dir.resolve(name + "_base.fvecs"));
        float[][] queries = TexmexFiles.readFvecs(dir.resolve(name + "_query.fvecs"));
        Path truthFile = dir.resolve(name + "_groundtruth.ivecs");
        int[][] truth = Files.exists(truthFile) ? TexmexFiles.readIvecs(truthFile) : cachedGroundTruth(name, base, queries, similarity, threads, truthFile, out);
        return new Dataset(name, similarity, base, queries, truth);
    }

    /** The synthetic dataset {@code name} generated from {@code seed} in memory, with exact ground truth; nothing is written. */
    public static Dataset synthetic(String name, long seed, int threads) {
        String canonical = SyntheticData.canonicalName(name);
        float[][][] generated = SyntheticData.generate(canonical, seed);
        Similarity similarity = SyntheticData.similarity(canonical);
        return new Dataset(canonical, similarity, generated[0], generated[1],
                exactNeighbours(generated[0], generated[1], similarity, GROUND_TRUTH_DEPTH, threads));
    }

    private static Dataset loadHdf5(Path file, Similarity metric, int threads, PrintStream out) throws IOException {
        Hdf5Files.AnnBenchmarksFile contents = Hdf5Files.read(file);
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.lastIndexOf('.'));
        Similarity similarity = metric == null ? contents.similarity() : metric;
        int[][] truth = contents.neighbors();
        if (truth == null) {
            Path truthFile = file.resolveSibling(name + "_groundtruth.ivecs");
            truth = Files.exists(truthFile) ? TexmexFiles.readIvecs(truthFile)
                    : cachedGroundTruth(name, contents.base(), contents.queries(), similarity, threads, truthFile, out);
        }
        return new Dataset(name, similarity, contents.base(), contents.queries(), truth);
    }

    private static int[][] cachedGroundTruth(String name, float[][] base, float[][] queries, Similarity similarity, int threads,
                                             Path truthFile, PrintStream out) throws IOException {
        checkDimensions(name, base, queries);
        out.println("computing exact ground truth of " + name + " with " + threads + " threads; caching it in " + truthFile);
        int[][] truth = exactNeighbours(base, queries, similarity, GROUND_TRUTH_DEPTH, threads);
        TexmexFiles.writeIvecs(truthFile, truth);
        return truth;
    }

    /** The similarity a dataset name implies: {@code -euclidean}/{@code -l2}, {@code -ip}/{@code -dot}, {@code -angular}/{@code -cosine}. */
    public static Similarity similarityFromName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith("-euclidean") || lower.endsWith("-l2")) {
            return Similarity.L2;
        }
        if (lower.endsWith("-ip") || lower.endsWith("-dot")) {
            return Similarity.DOT;
        }
        if (lower.endsWith("-angular") || lower.endsWith("-cosine")) {
            return Similarity.COSINE;
        }
        throw new BenchmarkException("cannot tell the metric of dataset '" + name + "' from its name; pass --metric l2|ip|cosine");
    }

    private static void checkDimensions(String name, float[][] base, float[][] queries) {
        if (base.length > 0 && queries.length > 0 && base[0].length != queries[0].length) {
            throw new BenchmarkException(name + ": base vectors have dimension " + base[0].length
                    + " but queries have " + queries[0].length);
        }
    }

    /** Exact top-{@code depth} neighbours of every query, by the multi-threaded exact index. */
    static int[][] exactNeighbours(float[][] base, float[][] queries, Similarity similarity, int depth, int threads) {
        try (ExactIndex exact = new ExactIndex(base[0].length, similarity, new FlatSpec(threads))) {
            exact.addAll(base);
            SearchResults[] results = exact.searchBatch(queries, Math.min(depth, base.length), ExactSearchParameters.ALL);
            int[][] truth = new int[queries.length][];
            for (int q = 0; q < queries.length; q++) {
                truth[q] = results[q].ordinals();
            }
            return truth;
        }
    }
}
