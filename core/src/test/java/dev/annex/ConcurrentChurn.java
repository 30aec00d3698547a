package dev.annex;

import dev.annex.api.SearchResults;
import dev.annex.api.VectorIndex;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Two writers (one adding, one deleting) and two readers on one index. A reader fails the run if
 * a search throws, returns an ordinal deleted before the search began, or fails {@code check}.
 */
public final class ConcurrentChurn {

    /** Each reader searches at least this often, so a fast writer cannot leave the readers idle. */
    private static final int MIN_SEARCHES_PER_READER = 20;

    private ConcurrentChurn() {
    }

    /**
     * Runs {@code adder} and the deletion of {@code toDelete} while readers call {@code search}
     * with increasing query numbers; returns how many searches ran. Throws the first reader failure.
     */
    public static int run(VectorIndex index, Runnable adder, int[] toDelete, IntFunction<SearchResults> search,
                          Consumer<SearchResults> check) throws InterruptedException {
        Set<Integer> deletedBeforeSearch = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger searches = new AtomicInteger();
        Thread deleter = new Thread(() -> {
            for (int ordinal : toDelete) {
                index.delete(ordinal);
                deletedBeforeSearch.add(ordinal);
            }
        });
        Runnable reader = () -> {
            try {
                int q = 0;
                while (writing.get() || q < MIN_SEARCHES_PER_READER) {
                    Set<Integer> snapshot = Set.copyOf(deletedBeforeSearch);
                    SearchResults results = search.apply(q++);
                    for (int i = 0; i < results.size(); i++) {
                        if (snapshot.contains(results.ordinal(i))) {
                            throw new AssertionError("deleted ordinal " + results.ordinal(i) + " returned");
                        }
                    }
                    check.accept(results);
                    searches.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        Thread[] threads = {new Thread(adder), deleter, new Thread(reader), new Thread(reader)};
        for (Thread thread : threads) {
            thread.start();
        }
        threads[0].join();
        threads[1].join();
        writing.set(false);
        threads[2].join();
        threads[3].join();
        if (failure.get() != null) {
            throw new AssertionError("a reader failed", failure.get());
        }
        return searches.get();
    }

    /** Every {@code step}-th ordinal below {@code end}. */
    public static int[] everyNth(int end, int step) {
        int[] ordinals = new int[(end + step - 1) / step];
        for (int i = 0; i < ordinals.length; i++) {
            ordinals[i] = i * step;
        }
        return ordinals;
    }
}
