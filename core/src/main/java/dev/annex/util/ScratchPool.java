package dev.annex.util;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * A fixed set of slots holding reusable per-search scratch (searchers, lookup tables), so that a
 * search borrows and returns scratch without allocating. Borrowing takes any filled slot, or
 * makes a new object when all are empty (more concurrent searches than slots); returning fills
 * an empty slot, or drops the object when all are full. Lock-free.
 */
public final class ScratchPool<T> {

    private final AtomicReferenceArray<T> slots;
    private final Supplier<T> factory;

    /** A pool of {@code slots} slots, filling them from {@code factory} on demand. */
    public ScratchPool(int slots, Supplier<T> factory) {
        this.slots = new AtomicReferenceArray<>(Math.max(1, slots));
        this.factory = factory;
    }

    /** A pool sized for the machine: four slots per available processor. */
    public static <T> ScratchPool<T> forProcessors(Supplier<T> factory) {
        return new ScratchPool<>(4 * Runtime.getRuntime().availableProcessors(), factory);
    }

    /** Some scratch object for the caller's exclusive use until {@link #release}. */
    public T borrow() {
        int start = (int) (Thread.currentThread().threadId() % slots.length());
        for (int i = 0; i < slots.length(); i++) {
            int slot = (start + i) % slots.length();
            if (slots.getPlain(slot) != null) {
                T taken = slots.getAndSet(slot, null);
                if (taken != null) {
                    return taken;
                }
            }
        }
        return factory.get();
    }

    /** Hands {@code scratch} back for another search. */
    public void release(T scratch) {
        int start = (int) (Thread.currentThread().threadId() % slots.length());
        for (int i = 0; i < slots.length(); i++) {
            int slot = (start + i) % slots.length();
            if (slots.getPlain(slot) == null && slots.compareAndSet(slot, null, scratch)) {
                return;
            }
        }
    }
}
