package dev.annex.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs work over {@code [0, n)} split into fixed contiguous ranges, one per part, and waits.
 * The split depends only on {@code n} and the part count, so results combined in range order
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

    /**
     * Runs {@code task} over {@code threads} ranges of {@code [0, n)} on threads made for this
     * call (builds and training: long work where starting threads costs nothing); on the calling
     * thread when {@code threads == 1}.
     */
    public static void forRanges(int threads, int n, RangeTask task) {
        if (threads <= 1) {
            task.run(0, 0, n);
            return;
        }
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            forRanges(executor, threads, n, task);
        }
    }

    /**
     * Runs {@code task} over {@code parts} ranges of {@code [0, n)}: the first on the calling
     * thread, the rest on {@code executor} (searches: threads owned by an index and reused).
     * With a null executor or one part, everything runs on the calling thread.
     */
    public static void forRanges(ExecutorService executor, int parts, int n, RangeTask task) {
        if (executor == null || parts <= 1) {
            task.run(0, 0, n);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int part = 1; part < parts; part++) {
            int index = part;
            int from = (int) ((long) n * part / parts);
            int to = (int) ((long) n * (part + 1) / parts);
            futures.add(executor.submit(() -> task.run(index, from, to)));
        }
        try {
            task.run(0, 0, (int) ((long) n / parts));
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for worker threads", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            for (Future<?> future : futures) {
                future.cancel(true);
            }
        }
    }
}
