package dev.annex.score;

import dev.annex.vector.HeapVectorStorage;
import dev.annex.vector.Similarity;
import dev.annex.vector.VectorKernels;
import dev.annex.vector.VectorKernelsProvider;

/**
 * Scores two stored vectors against each other, higher is better, as graph building compares
 * nodes: the stored-form score of {@link Similarity}, plus the {@link MipsAugmentation} term when
 * one is given. Reads both vectors in place; nothing is copied.
 */
public final class NodePairScorer {

    private static final VectorKernels KERNELS = VectorKernelsProvider.kernels();

    private final Similarity similarity;
    private final HeapVectorStorage vectors;
    private final MipsAugmentation augmentation;

    public NodePairScorer(Similarity similarity, HeapVectorStorage vectors, MipsAugmentation augmentation) {
        this.similarity = similarity;
        this.vectors = vectors;
        this.augmentation = augmentation;
    }

    /** The score between stored nodes {@code a} and {@code b}. */
    public float score(int a, int b) {
        float score = similarity.scoreStored(KERNELS, vectors.chunkOf(a), vectors.offsetInChunk(a),
                vectors.chunkOf(b), vectors.offsetInChunk(b), vectors.dimension());
        return augmentation == null ? score : score + augmentation.extraComponent(a) * augmentation.extraComponent(b);
    }
}
