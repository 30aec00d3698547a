package dev.annex.api;

/**
 * An exact (brute-force) index: {@code Flat[,threads<N>]}.
 *
 * @param threads threads that one large search or a batch of searches is spread over
 */
public record FlatSpec(int threads) implements IndexSpec {

    /** As many threads as the machine has processors. */
    public static FlatSpec defaults() {
        return new FlatSpec(Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    public FlatSpec {
        IndexSpec.checkRange("threads", threads, 1, MAX_THREADS);
    }

    static FlatSpec parseSettings(FactorySettings settings) {
        return new FlatSpec(settings.intValue("threads", defaults().threads()));
    }

    @Override
    public String toString() {
        return "Flat,threads" + threads;
    }
}
