package dev.annex.quant;

import dev.annex.score.NodeScorer;
import dev.annex.vector.Similarity;
import dev.annex.vector.VectorKernels;
import dev.annex.vector.VectorKernelsProvider;

/**
 * The int8 codes of stored vectors ({@link ScalarQuantizer}), in growable byte chunks, with the
 * squared norm of each decoded vector for L2. Like the float storage, any number of threads may
 * read while one writer at a time {@link #set}s new ordinals; a reader must learn of an ordinal
 * through a happens-before edge after its writer set it.
 */
public final class QuantizedVectors {

    private static final VectorKernels KERNELS = VectorKernelsProvider.kernels();
    /** Bytes per chunk at most 2^20 unless one vector is larger. */
    private static final int MAX_CHUNK_BYTES_LOG2 = 20;

    private final ScalarQuantizer quantizer;
    private final int dimension;
    private final int chunkShift;
    private final int chunkMask;
    private volatile byte[][] chunks = new byte[0][];
    private volatile float[] squaredNorms = new float[0];

    public QuantizedVectors(ScalarQuantizer quantizer) {
        this.quantizer = quantizer;
        this.dimension = quantizer.dimension();
        int dimensionLog2 = 32 - Integer.numberOfLeadingZeros(dimension - 1);
        this.chunkShift = Math.max(0, MAX_CHUNK_BYTES_LOG2 - dimensionLog2);
        this.chunkMask = (1 << chunkShift) - 1;
    }

    public ScalarQuantizer quantizer() {
        return quantizer;
    }

    /** Encodes {@code storedVector} as the codes of {@code ordinal}; one writer at a time. */
    public void set(int ordinal, float[] storedVector) {
        int chunk = ordinal >>> chunkShift;
        byte[][] current = chunks;
        if (chunk >= current.length) {
            byte[][] grown = java.util.Arrays.copyOf(current, Math.max(chunk + 1, current.length * 2));
            for (int i = current.length; i < grown.length; i++) {
                grown[i] = new byte[(1 << chunkShift) * dimension];
            }
            current = grown;
        }
        int offset = (ordinal & chunkMask) * dimension;
        quantizer.encode(storedVector, current[chunk], offset);
        float[] norms = squaredNorms;
        if (ordinal >= norms.length) {
            norms = java.util.Arrays.copyOf(norms, Math.max(ordinal + 1, norms.length * 2));
        }
        norms[ordinal] = quantizer.decodedSquaredNorm(current[chunk], offset);
        squaredNorms = norms;
        chunks = current;
    }

    /** Bytes the codes and norms occupy. */
    public long bytesUsed() {
        return (long) chunks.length * (1L << chunkShift) * dimension + (long) squaredNorms.length * Float.BYTES;
    }

    /** A scorer of queries against these codes under {@code similarity}, to be bound to each query. */
    public Scorer scorer(Similarity similarity) {
        return new Scorer(similarity == Similarity.L2);
    }

    /** Scores codes against one query: a {@link NodeScorer} for graph walks over the codes. */
    public final class Scorer implements NodeScorer {
        private final boolean negatedSquareDistance;
        private final float[] weighted = new float[dimension];
        private float base;
        private float querySquaredNorm;
        private long evaluations;

        private Scorer(boolean negatedSquareDistance) {
            this.negatedSquareDistance = negatedSquareDistance;
        }

        /** Binds this scorer to {@code storedQuery} and resets its evaluation count. */
        public Scorer bind(float[] storedQuery) {
            base = quantizer.prepare(storedQuery, weighted);
            if (negatedSquareDistance) {
                double sum = 0;
                for (float component : storedQuery) {
                    sum += (double) component * component;
                }
                querySquaredNorm = (float) sum;
            }
            evaluations = 0;
            return this;
        }

        @Override
        public float score(int ordinal) {
            evaluations++;
            byte[] chunk = chunks[ordinal >>> chunkShift];
            return scoreOf(KERNELS.dotProductCodes(weighted, chunk, (ordinal & chunkMask) * dimension, dimension),
                    squaredNorms[ordinal]);
        }

        @Override
        public void scoreAll(int[] ordinals, int count, float[] scores) {
            evaluations += count;
            byte[][] current = chunks;
            float[] norms = squaredNorms;
            for (int i = 0; i < count; i += 4) {
                // A short last group repeats its last ordinal, as the float storage does.
                int last = count - 1;
                int a = ordinals[i], b = ordinals[Math.min(i + 1, last)];
                int c = ordinals[Math.min(i + 2, last)], d = ordinals[Math.min(i + 3, last)];
                KERNELS.dotProductCodes4(weighted, current[a >>> chunkShift], (a & chunkMask) * dimension,
                        current[b >>> chunkShift], (b & chunkMask) * dimension, current[c >>> chunkShift], (c & chunkMask) * dimension,
                        current[d >>> chunkShift], (d & chunkMask) * dimension, dimension, scores, i);
            }
            for (int i = 0; i < count; i++) {
                scores[i] = scoreOf(scores[i], norms[ordinals[i]]);
            }
        }

        /** The score of a vector from the inner product of the weighted query with its codes, and its decoded squared norm. */
        private float scoreOf(float codesDot, float squaredNorm) {
            float dot = base + codesDot;
            return negatedSquareDistance ? 2 * dot - querySquaredNorm - squaredNorm : dot;
        }

        @Override
        public long evaluations() {
            return evaluations;
        }
    }
}
