package dev.annex.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The build runs the suite once per kernel implementation and says which one it expects through
 * {@code annex.test.expectedKernels}; a SIMD run that silently fell back to scalar fails here.
 */
class VectorKernelsSelectionTest {

    @Test
    void chosenKernelsAreTheExpectedOnes() {
        String expected = System.getProperty("annex.test.expectedKernels", "panama");
        String chosen = VectorKernelsProvider.kernels().name();
        assertTrue(chosen.startsWith(expected), "expected " + expected + " kernels but the provider chose " + chosen);
    }

    @Test
    void panamaIsAvailableToTheTestJvm() {
        assertEquals(null, VectorKernelsProvider.panamaUnavailableReason());
    }
}
