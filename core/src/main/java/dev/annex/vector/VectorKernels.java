package dev.annex.vector;

import java.lang.foreign.MemorySegment;

/**
 * The arithmetic every index is built on. Implementations do no argument checking: callers on
 * hot paths pass valid offsets and lengths, and everyone else goes through {@link Vectors}.
 * Obtain the one chosen for this JVM from {@link VectorKernelsProvider#kernels()}.
 */
public interface VectorKernels {

    /** A short name for logs and benchmark output, e.g. {@code panama-256} or {@code scalar}. */
    String name();

    /** {@code sum a[aOffset+i] * b[bOffset+i]} for {@code i < length}. */
    float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int length);

    /** {@code sum (a[aOffset+i] - b[bOffset+i])²} for {@code i < length}. */
    float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int length);

    /** Cosine of the angle between the two ranges; 0 when either has zero norm. */
    float cosine(float[] a, int aOffset, float[] b, int bOffset, int length);

    /** Inner product of {@code a[0..length)} with {@code length} little-endian floats at byte offset {@code bOffset} of {@code b}. */
    float dotProduct(float[] a, MemorySegment b, long bOffset, int length);

    /** Squared distance of {@code a[0..length)} to {@code length} little-endian floats at byte offset {@code bOffset} of {@code b}. */
    float squareDistance(float[] a, MemorySegment b, long bOffset, int length);
}
