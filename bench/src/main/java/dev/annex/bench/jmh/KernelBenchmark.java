package dev.annex.bench.jmh;

import dev.annex.vector.VectorKernels;
import dev.annex.vector.VectorKernelsProvider;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
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
 * 256 products of four points with a panel of 64 centroids that k-means assignment uses ({@code dotProductPanel},
 * beside the same 256 products from row-major centroids, four at a time, {@code dotProduct4Rows}), and four
 * vectors at once from a segment as a memory-mapped index reads them ({@code dotProduct4Segment},
 * {@code squareDistance4Segment}) on cached vectors, the SIMD kernels paired with the scalar ones in one run.
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
    private float[][] points;
    private float[][] centroids;
    private float[] panel;
    private final float[] out = new float[4 * VectorKernels.PANEL_WIDTH];
    /** Four vectors, little-endian, one after another, as in a mapped index file. */
    private MemorySegment segment;

    @Setup
    public void setUp() {
        implementation = kernels.equals("panama") ? VectorKernelsProvider.panama() : VectorKernelsProvider.scalar();
        Random random = new Random(dimension);
        a = new float[dimension];
        b = new float[dimension];
        codes = new byte[dimension];
        random.nextBytes(codes);
        int width = VectorKernels.PANEL_WIDTH;
        points = new float[4][dimension];
        centroids = new float[width][dimension];
        panel = new float[width * dimension];
        for (float[][] rows : new float[][][] {points, centroids}) {
            for (float[] row : rows) {
                for (int i = 0; i < dimension; i++) {
                    row[i] = random.nextFloat() * 2 - 1;
                }
            }
        }
        for (int c = 0; c < width; c++) {
            for (int j = 0; j < dimension; j++) {
                panel[width * j + c] = centroids[c][j];
            }
        }
        for (int i = 0; i < dimension; i++) {
            a[i] = random.nextFloat() * 2 - 1;
            b[i] = random.nextFloat() * 2 - 1;
        }
        segment = Arena.ofAuto().allocate(4L * dimension * Float.BYTES);
        for (int p = 0; p < 4; p++) {
            MemorySegment.copy(points[p], 0, segment, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN),
                    (long) p * dimension * Float.BYTES, dimension);
        }
    }

    @Benchmark
    public float[] dotProduct4Segment() {
        long bytes = (long) dimension * Float.BYTES;
        implementation.dotProduct4(a, segment, 0, bytes, 2 * bytes, 3 * bytes, dimension, out, 0);
        return out;
    }

    @Benchmark
    public float[] squareDistance4Segment() {
        long bytes = (long) dimension * Float.BYTES;
        implementation.squareDistance4(a, segment, 0, bytes, 2 * bytes, 3 * bytes, dimension, out, 0);
        return out;
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
    public float[] dotProductPanel() {
        implementation.dotProductPanel(points[0], points[1], points[2], points[3], panel, 0, dimension, out);
        return out;
    }

    @Benchmark
    public float[] dotProduct4Rows() {
        for (int p = 0; p < 4; p++) {
            for (int c = 0; c < VectorKernels.PANEL_WIDTH; c += 4) {
                implementation.dotProduct4(points[p], 0, centroids[c], 0, centroids[c + 1], 0, centroids[c + 2], 0,
                        centroids[c + 3], 0, dimension, out, VectorKernels.PANEL_WIDTH * p + c);
            }
        }
        return out;
    }

}
