package dev.annex.bench.engine;

import dev.annex.api.SearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.api.VectorIndex;
import dev.annex.bench.BenchmarkException;
import dev.annex.bench.ProgressBar;
import dev.annex.vector.VectorKernelsProvider;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/** What Annex's three engines share: adding in batches with progress, wrapping an index as a {@link BuiltIndex}. */
abstract class AnnexEngine implements Engine {

    /** Adds {@code base} through {@code addAll} in about a hundred batches, advancing {@code progress}. */
    static void addWithProgress(float[][] base, ToIntFunction<float[][]> addAll, ProgressBar progress, String label) {
        progress.start(label, base.length);
        int step = Math.max(1_000, base.length / 100);
        for (int from = 0; from < base.length; from += step) {
            int to = Math.min(base.length, from + step);
            addAll.applyAsInt(Arrays.copyOfRange(base, from, to));
            progress.advance(to - from);
        }
        progress.finish();
    }

    /** Runs {@code build}, turning a setting the index rejects into a user error. */
    static <T> T userSettings(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new BenchmarkException(e.getMessage());
        }
    }

    /** The kernels Annex searches with, for the {@code params} column. */
    static String kernels() {
        return "kernels=" + VectorKernelsProvider.kernels().name();
    }

    /** A searcher over {@code index} at {@code parameters}. */
    static Searcher searcher(VectorIndex index, SearchParameters parameters) {
        return (query, k) -> {
            SearchResults results = index.search(query, k, parameters);
            return new Searcher.Answer(results.ordinals(), results.evaluations());
        };
    }
}
