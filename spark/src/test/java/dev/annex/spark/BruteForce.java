package dev.annex.spark;

import dev.annex.vector.Similarity;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** The oracle of the Spark tests: every item scored against the query in double precision. */
final class BruteForce {

    private BruteForce() {
    }

    /** Annex's score (higher is better) of {@code a} against {@code b}. */
    static double score(Similarity similarity, float[] a, float[] b) {
        double dot = 0;
        double squared = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            double difference = (double) a[i] - b[i];
            squared += difference * difference;
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        return switch (similarity) {
            case L2 -> -squared;
            case DOT -> dot;
            case COSINE -> dot / Math.sqrt(normA * normB);
        };
    }

    /** Indices of the {@code k} best items for {@code query}, best first. */
    static int[] topK(Similarity similarity, float[][] items, float[] query, int k) {
        double[] scores = Arrays.stream(items).mapToDouble(item -> score(similarity, query, item)).toArray();
        return IntStream.range(0, items.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }
}
