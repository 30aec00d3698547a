package dev.annex.bench.jmh;

import dev.annex.vector.VectorKernels;
import dev.annex.vector.VectorKernelsProvider;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The selection kernels of IVF search, SIMD paired with scalar in one run:
 * {@code firstAbove} finding the scores of 1,024 centroids that beat a threshold four of them
 * beat (an nprobe-4 choice once the kept lists are good; ns per 1,024 scores),
 * {@code atLeast32} masking the sums of a fast-scan block that reach a bound half of them reach
 * (ns per block of 32), and {@code leastScoreBelow}, the k-means assignment's arg-min, over
 * one point's products with 16 panels of 64 centroids, each panel bounded by the best so far
 * (ns per 1,024 centroids), and {@code nearestColumn}, a product quantizer's encoder, over one
 * 784-d vector: 56 sub-spaces of 14 components with 16 centroids each (4-bit codes) or 16
 * sub-spaces of 49 with 256 (8-bit), ns per vector.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dchronicle.analytics.disable=true"})
public class SelectionKernelBenchmark {

    private static final int CENTROIDS = 1024;
    private static final int BLOCKS = 64;
    private static final int VECTOR_DIMENSION = 784;

    @Param({"panama", "scalar"})
    public String kernels;

    private VectorKernels implementation;
    private final float[] scores = new float[CENTROIDS];
    private float fourthBest;
    private final short[][] blockSums = new short[BLOCKS][32];
    private int medianSum;
    private final float[] panelProducts = new float[CENTROIDS];
    private final float[] normTerms = new float[CENTROIDS];
    private final float[] vector = new float[VECTOR_DIMENSION];
    private final float[] columns = new float[VECTOR_DIMENSION * 256];
    private final float[] codewordNorms = new float[256 * 56];

    @Setup
    public void setUp() {
        implementation = kernels.equals("panama") ? VectorKernelsProvider.panama() : VectorKernelsProvider.scalar();
        Random random = new Random(7);
        for (int i = 0; i < CENTROIDS; i++) {
            scores[i] = (float) random.nextGaussian();
        }
        float[] sorted = scores.clone();
        Arrays.sort(sorted);
        fourthBest = sorted[CENTROIDS - 5];
        for (short[] sums : blockSums) {
            for (int i = 0; i < 32; i++) {
                sums[i] = (short) random.nextInt(1 << 14);
            }
        }
        medianSum = 1 << 13;
        for (int i = 0; i < CENTROIDS; i++) {
            panelProducts[i] = (float) random.nextGaussian();
            normTerms[i] = 1 + random.nextFloat();
        }
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < columns.length; i++) {
            columns[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < codewordNorms.length; i++) {
            codewordNorms[i] = VECTOR_DIMENSION / 56f * (1 + random.nextFloat());
        }
    }

    @Benchmark
    public int firstAbove() {
        int found = 0;
        for (int i = implementation.firstAbove(scores, 0, CENTROIDS, fourthBest); i < CENTROIDS;
                i = implementation.firstAbove(scores, i + 1, CENTROIDS, fourthBest)) {
            found += i;
        }
        return found;
    }

    @Benchmark
    @OperationsPerInvocation(BLOCKS)
    public int atLeast32() {
        int bits = 0;
        for (short[] sums : blockSums) {
            bits += Integer.bitCount(implementation.atLeast32(sums, medianSum));
        }
        return bits;
    }

    @Benchmark
    public float leastScoreBelow() {
        float least = Float.POSITIVE_INFINITY;
        for (int first = 0; first < CENTROIDS; first += VectorKernels.PANEL_WIDTH) {
            least = implementation.leastScoreBelow(panelProducts, first, normTerms, first, least);
        }
        return least;
    }

    @Benchmark
    public int nearestColumn16() {
        return encode(56, 16);
    }

    @Benchmark
    public int nearestColumn256() {
        return encode(16, 256);
    }

    /** Codes one vector as a product quantizer with {@code subspaces} sub-spaces of {@code centroids} does. */
    private int encode(int subspaces, int centroids) {
        int subDimension = VECTOR_DIMENSION / subspaces;
        int codes = 0;
        for (int j = 0; j < subspaces; j++) {
            codes += implementation.nearestColumn(vector, j * subDimension, subDimension, columns, j * subDimension * centroids,
                    centroids, codewordNorms, j * centroids);
        }
        return codes;
    }
}
