package dev.annex.vector;

import java.lang.System.Logger.Level;

/**
 * Chooses the {@link VectorKernels} for this JVM once, at first use, and logs the choice and
 * its reason once.
 *
 * <p>By default the Panama (Vector API) kernels are chosen when the {@code jdk.incubator.vector}
 * module is present and its preferred width is at least 128 bits; otherwise the scalar kernels.
 * The system property {@value #PROPERTY} forces a choice: {@code panama} (fails loudly if it
 * cannot be honoured), {@code scalar}, or {@code auto}.
 */
public final class VectorKernelsProvider {

    /** System property that forces the kernels: {@code panama}, {@code scalar} or {@code auto}. */
    public static final String PROPERTY = "annex.vector.kernels";

    private static final String PANAMA_CLASS = "dev.annex.vector.panama.PanamaVectorKernels";
    private static final VectorKernels KERNELS = choose();

    private VectorKernelsProvider() {
    }

    /** The kernels chosen for this JVM. */
    public static VectorKernels kernels() {
        return KERNELS;
    }

    /** A fresh scalar implementation, for tests and benchmarks that compare against it. */
    public static VectorKernels scalar() {
        return new ScalarVectorKernels();
    }

    /** A fresh Panama implementation; throws {@link IllegalStateException} saying why when it cannot be used here. */
    public static VectorKernels panama() {
        String unavailable = panamaUnavailableReason();
        if (unavailable != null) {
            throw new IllegalStateException("Panama vector kernels unavailable: " + unavailable);
        }
        try {
            return (VectorKernels) Class.forName(PANAMA_CLASS).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("Panama vector kernels failed to load: " + e, e);
        }
    }

    private static VectorKernels choose() {
        System.Logger log = System.getLogger(VectorKernelsProvider.class.getName());
        String requested = System.getProperty(PROPERTY, "auto").trim().toLowerCase(java.util.Locale.ROOT);
        switch (requested) {
            case "scalar" -> {
                log.log(Level.INFO, "Annex vector kernels: scalar (forced by -D" + PROPERTY + "=scalar)");
                return scalar();
            }
            case "panama" -> {
                VectorKernels kernels = panama();
                log.log(Level.INFO, "Annex vector kernels: " + kernels.name() + " (forced by -D" + PROPERTY + "=panama)");
                return kernels;
            }
            case "auto" -> {
                String unavailable = panamaUnavailableReason();
                if (unavailable != null) {
                    log.log(Level.WARNING, "Annex vector kernels: scalar, because " + unavailable);
                    return scalar();
                }
                VectorKernels kernels = panama();
                log.log(Level.INFO, "Annex vector kernels: " + kernels.name());
                return kernels;
            }
            default -> throw new IllegalArgumentException(
                    "-D" + PROPERTY + " must be panama, scalar or auto, got '" + requested + "'");
        }
    }

    /** Why the Panama kernels cannot be used in this JVM, or null when they can. */
    static String panamaUnavailableReason() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "the jdk.incubator.vector module is not loaded (start the JVM with --add-modules jdk.incubator.vector)";
        }
        try {
            int bits = (int) Class.forName(PANAMA_CLASS).getMethod("vectorBitSize").invoke(null);
            if (bits < 128) {
                return "the platform's preferred vector width is only " + bits + " bits";
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            return "the Panama kernels failed to load: " + e;
        }
        return null;
    }
}
