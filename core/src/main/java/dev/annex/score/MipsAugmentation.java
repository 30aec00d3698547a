package dev.annex.score;

import dev.annex.vector.HeapVectorStorage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes graph building safe for maximum inner product search. Inner product is not a metric,
 * and a graph linked by raw inner product routes poorly when norms vary. Appending to every
 * item {@code x} the component {@code sqrt(Φ² - |x|²)}, where {@code Φ} is the largest norm,
 * puts all items on a sphere where Euclidean nearness equals inner-product rank for any query
 * {@code [q, 0]}. Building then links items by that Euclidean geometry: the score of a pair is
 * {@code x·y + a(x)·a(y)} with {@code a(x) = sqrt(Φ² - |x|²)}, while queries are still scored by
 * the plain inner product. No extra component is stored; {@code Φ} grows as items arrive.
 */
public final class MipsAugmentation {

    private final HeapVectorStorage squaredNorms = new HeapVectorStorage(1);
    private final AtomicInteger maxSquaredNormBits = new AtomicInteger(Float.floatToIntBits(0f));

    /** Records the squared norm of node {@code ordinal}, whose vector is {@code vector}. */
    public void record(int ordinal, float[] vector) {
        float squaredNorm = 0;
        for (float component : vector) {
            squaredNorm += component * component;
        }
        squaredNorms.set(ordinal, new float[] {squaredNorm});
        int bits = Float.floatToIntBits(squaredNorm);
        maxSquaredNormBits.accumulateAndGet(bits, (current, offered) ->
                Float.intBitsToFloat(offered) > Float.intBitsToFloat(current) ? offered : current);
    }

    /** The appended component {@code a(x)} of node {@code ordinal} under the current {@code Φ}. */
    public float extraComponent(int ordinal) {
        float squaredNorm = squaredNorms.chunkOf(ordinal)[squaredNorms.offsetInChunk(ordinal)];
        float max = Float.intBitsToFloat(maxSquaredNormBits.get());
        return (float) Math.sqrt(Math.max(0f, max - squaredNorm));
    }

    /** Bytes held. */
    public long bytesUsed() {
        return squaredNorms.bytesUsed();
    }
}
