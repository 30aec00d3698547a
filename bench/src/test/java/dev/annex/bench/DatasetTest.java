package dev.annex.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.vector.Similarity;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    @Test
    void texmexFilesRoundTripAndBadFilesAreNamed(@TempDir Path dir) throws Exception {
        float[][] vectors = {{1, 2, 3}, {4, 5, 6}};
        Path fvecs = dir.resolve("v.fvecs");
        TexmexFiles.writeFvecs(fvecs, vectors);
        assertArrayEquals(vectors, TexmexFiles.readFvecs(fvecs));
        Path broken = dir.resolve("broken.fvecs");
        Files.write(broken, Arrays.copyOf(Files.readAllBytes(fvecs), 20));
        BenchmarkException e = assertThrows(BenchmarkException.class, () -> TexmexFiles.readFvecs(broken));
        assertTrue(e.getMessage().contains("broken.fvecs"), e.getMessage());
        BenchmarkException missing = assertThrows(BenchmarkException.class, () -> TexmexFiles.readFvecs(dir.resolve("none.fvecs")));
        assertTrue(missing.getMessage().contains("missing file"), missing.getMessage());
    }

    /** An ann-benchmarks file written here with jhdf reads back exactly, metric and neighbours included. */
    @Test
    void readsAnAnnBenchmarksHdf5File(@TempDir Path dir) throws Exception {
        float[][] train = {{0, 0}, {1, 0}, {0, 2}, {5, 5}};
        float[][] test = {{0.1f, 0}, {4, 4}};
        int[][] neighbors = {{0, 1, 2, 3}, {3, 2, 1, 0}};
        Path file = dir.resolve("tiny-2-euclidean.hdf5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("train", train);
            hdf.putDataset("test", test);
            hdf.putDataset("neighbors", neighbors);
            hdf.putAttribute("distance", "angular");
        }
        Hdf5Files.AnnBenchmarksFile read = Hdf5Files.read(file);
        assertArrayEquals(train, read.base());
        assertArrayEquals(test, read.queries());
        assertArrayEquals(neighbors, read.neighbors());
        assertEquals(Similarity.COSINE, read.similarity(), "the file's distance attribute wins over its name");
    }

    /** Without neighbours in the file, exact ground truth is computed, cached beside it and read back the next time. */
    @Test
    void hdf5WithoutNeighboursGetsCachedGroundTruth(@TempDir Path dir) throws Exception {
        Dataset source = Dataset.synthetic("clustered-500-8-l2", 3L, 2);
        Path file = dir.resolve("sample-8-euclidean.hdf5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("train", source.base());
            hdf.putDataset("test", source.queries());
        }
        Dataset loaded = Dataset.load(file.toString(), dir, null, 2, QUIET);
        assertEquals(Similarity.L2, loaded.similarity(), "metric from the name when the file declares none");
        assertTrue(Files.exists(dir.resolve("sample-8-euclidean_groundtruth.ivecs")));
        for (int q = 0; q < source.queries().length; q++) {
            assertArrayEquals(Arrays.copyOf(source.groundTruth()[q], Dataset.K), Arrays.copyOf(loaded.groundTruth()[q], Dataset.K));
        }
        assertArrayEquals(loaded.groundTruth(), Dataset.load(file.toString(), dir, null, 2, QUIET).groundTruth());
    }

    @Test
    void hdf5WithoutQueriesIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("partial-euclidean.hdf5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("train", new float[][] {{1, 2}});
        }
        BenchmarkException e = assertThrows(BenchmarkException.class, () -> Hdf5Files.read(file));
        assertTrue(e.getMessage().contains("no dataset 'test'"), e.getMessage());
        BenchmarkException missing = assertThrows(BenchmarkException.class, () -> Hdf5Files.read(dir.resolve("absent.hdf5")));
        assertTrue(missing.getMessage().contains("missing file"), missing.getMessage());
    }

    /** A synthetic name regenerates the same data, is kept as a Texmex directory with its ground truth, and two-tower norms spread. */
    @Test
    void syntheticDataIsSeededKeptAndNamed(@TempDir Path dir) throws Exception {
        Dataset first = Dataset.load("two-tower-3000-16", dir, null, 2, QUIET);
        assertEquals("two-tower-3000-16-ip", first.name());
        assertEquals(Similarity.DOT, first.similarity());
        Path kept = dir.resolve("two-tower-3000-16-ip");
        assertTrue(Files.exists(kept.resolve("two-tower-3000-16-ip_groundtruth.ivecs")));
        assertArrayEquals(first.base(), SyntheticData.generate("two-tower-3000-16", Dataset.SYNTHETIC_SEED)[0]);
        double[] norms = Arrays.stream(first.base()).mapToDouble(v -> Math.sqrt(dot(v, v))).sorted().toArray();
        assertTrue(norms[norms.length * 99 / 100] / norms[norms.length / 100] > 5, "item norms spread several-fold");
        assertEquals(SyntheticData.QUERIES, first.queries().length);
        assertEquals("clustered-100-4-l2", SyntheticData.canonicalName("clustered-100-4"));
        assertThrows(BenchmarkException.class, () -> SyntheticData.canonicalName("two-tower-100-4-l2"));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
