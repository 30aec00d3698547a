package dev.annex.bench.jmh;

import dev.annex.vector.VectorKernels;
import dev.annex.vector.VectorKernelsProvider;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dot product, squared L2, cosine, the int8-code inner product of SQ8 walks ({@code dotProductCodes}), and the
 * 16 products of four points with four centroids that k-means assignment uses ({@code dotProduct4x4}, beside the
 * same 16 products as four one-point passes, {@code dotProduct4Passes}) on cached vectors, the SIMD kernels paired
 * with the scalar ones in one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dchronicle.analytics.disable=true"})
public class KernelBenchmark {

    @Param({"96", "100", "128", "384", "768", "784", "1024", "1536"})
    public int dimension;

    @Param({"panama", "scalar"})
    public String kernels;

    private VectorKernels implementation;
    private float[] a;
    private float[] b;
    private byte[] codes;
    private float[][] block;
    private final float[] out = new float[16];

    @Setup
    public void setUp() {
        implementation = kernels.equals("panama") ? VectorKernelsProvider.panama() : VectorKernelsProvider.scalar();
        Random random = new Random(dimension);
        a = new float[dimension];
        b = new float[dimension];
        codes = new byte[dimension];
        random.nextBytes(codes);
        block = new float[8][dimension];
        for (float[] row : block) {
            for (int i = 0; i < dimension; i++) {
                row[i] = random.nextFloat() * 2 - 1;
            }
        }
        for (int i = 0; i < dimension; i++) {
            a[i] = random.nextFloat() * 2 - 1;
            b[i] = random.nextFloat() * 2 - 1;
        }
    }

    @Benchmark
    public float dotProduct() {
        return implementation.dotProduct(a, 0, b, 0, dimension);
    }

    @Benchmark
    public float squareDistance() {
        return implementation.squareDistance(a, 0, b, 0, dimension);
    }

    @Benchmark
    public float cosine() {
        return implementation.cosine(a, 0, b, 0, dimension);
    }

    @Benchmark
    public float dotProductCodes() {
        return implementation.dotProductCodes(a, codes, 0, dimension);
    }

    @Benchmark
    public float[] dotProduct4x4() {
        implementation.dotProduct4x4(block[0], block[1], block[2], block[3], block[4], block[5], block[6], block[7], dimension, out);
        return out;
    }

    @Benchmark
    public float[] dotProduct4Passes() {
        for (int p = 0; p < 4; p++) {
            implementation.dotProduct4(block[p], 0, block[4], 0, block[5], 0, block[6], 0, block[7], 0, dimension, out, 4 * p);
        }
        return out;
    }
}
