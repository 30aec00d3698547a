package dev.annex.util;

import java.util.Arrays;

/**
 * A binary heap of {@code long} values with the smallest on top, growing as needed. With
 * {@link ScoredNodes} values the top is the worst (score, node) pair, which makes it the
 * bounded result set of a search; pushing the bitwise complement turns it into a best-first
 * candidate queue.
 */
public final class LongHeap {

    private long[] heap;
    private int size;

    /** An empty heap with room for {@code initialCapacity} values before it grows. */
    public LongHeap(int initialCapacity) {
        heap = new long[Math.max(2, initialCapacity + 1)];
    }

    /** Adds a value. */
    public void push(long value) {
        if (++size == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        int i = size;
        while (i > 1) {
            int parent = i >>> 1;
            long parentValue = heap[parent];
            if (value >= parentValue) {
                break;
            }
            heap[i] = parentValue;
            i = parent;
        }
        heap[i] = value;
    }

    /**
     * Adds {@code value} while keeping at most {@code maxSize} values: when full, the smallest is
     * dropped if {@code value} is larger than it, otherwise {@code value} is. Returns whether it was kept.
     */
    public boolean pushBounded(long value, int maxSize) {
        if (size < maxSize) {
            push(value);
            return true;
        }
        if (value <= heap[1]) {
            return false;
        }
        heap[1] = value;
        siftDown(1);
        return true;
    }

    /** The smallest value; the heap must not be empty. */
    public long top() {
        return heap[1];
    }

    /** Removes and returns the smallest value; the heap must not be empty. */
    public long pop() {
        long result = heap[1];
        heap[1] = heap[size--];
        if (size > 1) {
            siftDown(1);
        }
        return result;
    }

    /** Number of values held. */
    public int size() {
        return size;
    }

    /** Whether no value is held. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Removes every value. */
    public void clear() {
        size = 0;
    }

    /** The value at position {@code i} in heap order, 0 <= i < size; for draining without sorting. */
    public long get(int i) {
        return heap[i + 1];
    }

    private void siftDown(int i) {
        long value = heap[i];
        int half = size >>> 1;
        while (i <= half) {
            int child = i << 1;
            long childValue = heap[child];
            int right = child + 1;
            if (right <= size && heap[right] < childValue) {
                child = right;
                childValue = heap[right];
            }
            if (value <= childValue) {
                break;
            }
            heap[i] = childValue;
            i = child;
        }
        heap[i] = value;
    }
}
