package dev.annex.vector;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Where the JVM puts a large {@code float[]}, so that storage can start its vectors on cache-line
 * boundaries. Java does not give an array's address, but G1, the default collector, gives every
 * array of at least half a heap region a region of its own ("humongous"), starts it at the
 * region's first byte and never moves it; the array's elements then start one header after a
 * region boundary. A vector that starts on a 64-byte boundary is read in {@code d / 16} cache lines
 * and register-wide loads that never straddle two; one that starts 16 bytes past it takes one line
 * more and splits a load at every line. Under any other collector, or when the JVM's flags cannot be
 * read, {@link #floatLead()} is 0 and vectors keep the array's own alignment: slower, never wrong.
 */
final class LargeArrayPlacement {

    /** The cache line of every x86-64 and most AArch64 processors. */
    static final int CACHE_LINE_BYTES = 64;

    private static final LargeArrayPlacement JVM = readJvm();

    private final int floatLead;
    private final long ownRegionBytes;

    private LargeArrayPlacement(int floatLead, long ownRegionBytes) {
        this.floatLead = floatLead;
        this.ownRegionBytes = ownRegionBytes;
    }

    /** The placement of large arrays in this JVM. */
    static LargeArrayPlacement jvm() {
        return JVM;
    }

    /**
     * How many floats come before the first cache-line boundary in a {@code float[]} of at least
     * {@link #ownRegionBytes()}; 0 when the collector does not place such arrays on a boundary.
     */
    int floatLead() {
        return floatLead;
    }

    /** The size from which a {@code float[]} starts on a boundary and stays there; 0 when none does. */
    long ownRegionBytes() {
        return ownRegionBytes;
    }

    private static LargeArrayPlacement readJvm() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (!flag(vm, "UseG1GC", false)) {
                return new LargeArrayPlacement(0, 0);
            }
            long regionBytes = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
            // A JDK without the compressed-class-pointers flag (deprecated in 25) always compresses them.
            int headerBytes = flag(vm, "UseCompactObjectHeaders", false) ? 12
                    : flag(vm, "UseCompressedClassPointers", true) ? 16 : 20;
            int lead = ((CACHE_LINE_BYTES - headerBytes % CACHE_LINE_BYTES) % CACHE_LINE_BYTES) / Float.BYTES;
            return new LargeArrayPlacement(lead, regionBytes / 2 + CACHE_LINE_BYTES);
        } catch (RuntimeException | LinkageError unreadable) {
            return new LargeArrayPlacement(0, 0);
        }
    }

    private static boolean flag(HotSpotDiagnosticMXBean vm, String name, boolean ifAbsent) {
        try {
            return Boolean.parseBoolean(vm.getVMOption(name).getValue());
        } catch (IllegalArgumentException noSuchFlag) {
            return ifAbsent;
        }
    }
}
