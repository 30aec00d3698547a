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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fast-scan block kernel of 4-bit IVF-PQ ({@code fastScanBlock}): 64 blocks of 32 packed
 * codes (2,048 vectors, 16·m bytes a block, in cache) scanned against one byte table; the score
 * is nanoseconds per block of 32 vectors, SIMD paired with scalar in one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dchronicle.analytics.disable=true"})
public class FastScanBenchmark {

    private static final int BLOCKS = 64;

    @Param({"16", "48", "56", "96"})
    public int subspaces;

    @Param({"panama", "scalar"})
    public String kernels;

    private VectorKernels implementation;
    private byte[] blocks;
    private byte[] table;
    private final short[] sums = new short[32];

    @Setup
    public void setUp() {
        implementation = kernels.equals("panama") ? VectorKernelsProvider.panama() : VectorKernelsProvider.scalar();
        Random random = new Random(subspaces);
        blocks = new byte[BLOCKS * 16 * subspaces];
        table = new byte[16 * subspaces];
        random.nextBytes(blocks);
        for (int i = 0; i < table.length; i++) {
            table[i] = (byte) random.nextInt(Math.min(256, 32767 / subspaces));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BLOCKS)
    public int fastScanBlock() {
        int checksum = 0;
        for (int block = 0; block < BLOCKS; block++) {
            implementation.fastScanBlock(blocks, block * 16 * subspaces, table, subspaces, sums);
            checksum += sums[block & 31];
        }
        return checksum;
    }
}
