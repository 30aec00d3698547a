package dev.annex.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs work over {@code [0, n)} split into fixed contiguous ranges, one per thread, and waits.
 * The split depends only on {@code n} and the thread count, so results combined in range order
 * are deterministic.
 */
public final class Parallel {

    /** Work over {@code [from, to)}, the {@code part}-th range. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int part, int from, int to);
    }

    private Parallel() {
    }

    /** Runs {@code task} over {@code threads} ranges of {@code [0, n)}; on the calling thread when {@code threads == 1}. */
    public static void forRanges(int threads, int n, RangeTask task) {
        if (threads <= 1) {
            task.run(0, 0, n);
            return;
        }
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>(threads);
            for (int part = 0; part < threads; part++) {
                int index = part;
                int from = (int) ((long) n * part / threads);
                int to = (int) ((long) n * (part + 1) / threads);
                futures.add(executor.submit(() -> task.run(index, from, to)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for worker threads", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
