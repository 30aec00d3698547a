package dev.annex.bench;

import dev.annex.vector.Similarity;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads ann-benchmarks HDF5 files: datasets {@code train} (base vectors), {@code test} (queries)
 * and, when present, {@code neighbors} (exact neighbour ids per query, best first); the metric
 * comes from the root attribute {@code distance}, else from the file name.
 */
public final class Hdf5Files {

    private Hdf5Files() {
    }

    /**
     * The contents of an ann-benchmarks file.
     *
     * @param similarity the metric the file declares
     * @param base       the {@code train} vectors
     * @param queries    the {@code test} vectors
     * @param neighbors  the {@code neighbors} rows, or null when the file has none
     */
    public record AnnBenchmarksFile(Similarity similarity, float[][] base, float[][] queries, int[][] neighbors) {
    }

    /** Reads {@code path}; a missing file, a missing dataset or a wrong element type is a {@link BenchmarkException}. */
    public static AnnBenchmarksFile read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new BenchmarkException("missing file " + path);
        }
        try (HdfFile file = new HdfFile(path)) {
            Similarity similarity = similarity(file, path);
            float[][] base = floats(file, "train", path);
            float[][] queries = floats(file, "test", path);
            int[][] neighbors = file.getChildren().containsKey("neighbors") ? ints(file, "neighbors", path) : null;
            return new AnnBenchmarksFile(similarity, base, queries, neighbors);
        } catch (HdfException e) {
            throw new BenchmarkException(path + " is not a readable HDF5 file: " + e.getMessage());
        }
    }

    private static Similarity similarity(HdfFile file, Path path) {
        Attribute distance = file.getAttribute("distance");
        if (distance == null) {
            String name = path.getFileName().toString();
            return Dataset.similarityFromName(name.substring(0, name.lastIndexOf('.')));
        }
        String metric = String.valueOf(distance.getData()).toLowerCase(Locale.ROOT);
        return switch (metric) {
            case "euclidean", "l2" -> Similarity.L2;
            case "angular", "cosine" -> Similarity.COSINE;
            case "dot", "ip", "inner_product" -> Similarity.DOT;
            default -> throw new BenchmarkException(path + " declares distance '" + metric + "'; supported: euclidean, angular, dot");
        };
    }

    private static float[][] floats(HdfFile file, String name, Path path) {
        Object data = data(file, name, path);
        if (data instanceof float[][] vectors) {
            return vectors;
        }
        if (data instanceof double[][] doubles) {
            float[][] vectors = new float[doubles.length][];
            for (int i = 0; i < doubles.length; i++) {
                vectors[i] = new float[doubles[i].length];
                for (int j = 0; j < doubles[i].length; j++) {
                    vectors[i][j] = (float) doubles[i][j];
                }
            }
            return vectors;
        }
        throw new BenchmarkException(path + ": dataset '" + name + "' holds " + data.getClass().getSimpleName() + ", not a 2-d float matrix");
    }

    private static int[][] ints(HdfFile file, String name, Path path) {
        Object data = data(file, name, path);
        if (data instanceof int[][] rows) {
            return rows;
        }
        if (data instanceof long[][] longs) {
            int[][] rows = new int[longs.length][];
            for (int i = 0; i < longs.length; i++) {
                rows[i] = new int[longs[i].length];
                for (int j = 0; j < longs[i].length; j++) {
                    rows[i][j] = Math.toIntExact(longs[i][j]);
                }
            }
            return rows;
        }
        throw new BenchmarkException(path + ": dataset '" + name + "' holds " + data.getClass().getSimpleName() + ", not a 2-d int matrix");
    }

    private static Object data(HdfFile file, String name, Path path) {
        Node node = file.getChildren().get(name);
        if (!(node instanceof io.jhdf.api.Dataset dataset)) {
            throw new BenchmarkException(path + " has no dataset '" + name + "' (an ann-benchmarks file has train, test and neighbors)");
        }
        return dataset.getData();
    }
}
