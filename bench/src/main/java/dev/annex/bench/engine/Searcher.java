package dev.annex.bench.engine;

/** Answers one query at a fixed operating point; safe to call from several threads at once. */
@FunctionalInterface
public interface Searcher {

    /** The ordinals of the {@code k} best base vectors for {@code query}, best first, and the work it took. */
    Answer search(float[] query, int k);

    /**
     * One query's answer.
     *
     * @param ordinals    base-vector ordinals, best first
     * @param evaluations similarity evaluations spent, or -1 where the engine does not say
     */
    record Answer(int[] ordinals, long evaluations) {
    }
}
