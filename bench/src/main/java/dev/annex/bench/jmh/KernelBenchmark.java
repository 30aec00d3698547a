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
 * Dot product, squared L2, cosine, and the int8-code inner product of SQ8 walks ({@code dotProductCodes}) on cached
 * vectors, the SIMD kernels paired with the scalar ones in one run.
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

    @Setup
    public void setUp() {
        implementation = kernels.equals("panama") ? VectorKernelsProvider.panama() : VectorKernelsProvider.scalar();
        Random random = new Random(dimension);
        a = new float[dimension];
        b = new float[dimension];
        codes = new byte[dimension];
        random.nextBytes(codes);
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
}
