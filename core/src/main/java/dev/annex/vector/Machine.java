package dev.annex.vector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a benchmark ran on, recorded with every result: the CPU model and the SIMD flags the
 * kernel reports (AVX2 or AVX-512 changes what the kernels can do), the processor count, the
 * JDK and the kernels Annex chose.
 */
public final class Machine {

    private Machine() {
    }

    /** One line, for example {@code AMD EPYC (avx avx2 avx512f …), 2 cores, JDK 25.0.3+9-LTS, kernels panama-512}. */
    public static String describe() {
        return cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores, JDK " + Runtime.version() + ", kernels "
                + VectorKernelsProvider.kernels().name();
    }

    private static String cpu() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        Optional<String> model = field(cpuinfo, "model name");
        String simd = field(cpuinfo, "flags").map(flags -> Arrays.stream(flags.split("\\s+")).filter(flag -> flag.startsWith("avx"))
                .sorted().reduce((a, b) -> a + " " + b).orElse("no AVX")).orElse("flags unknown");
        return model.orElse(System.getProperty("os.arch")) + " (" + simd + ")";
    }

    private static Optional<String> field(Path cpuinfo, String name) {
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith(name)).findFirst().map(line -> line.substring(line.indexOf(':') + 1).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
