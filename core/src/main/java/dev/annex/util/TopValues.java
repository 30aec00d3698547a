package dev.annex.util;

import java.util.Arrays;

/**
 * The largest {@code limit} of the {@code long} values offered to it, such as packed
 * {@link ScoredNodes}, for scans that offer many values and keep a hundred or more. Values are
 * appended to a buffer of twice the limit; when it fills, a selection keeps the largest
 * {@code limit} and raises the {@link #floor} to the least of them. An offer costs a compare and a
 * store, where a bounded heap pays a sift of log(limit) levels for every value it keeps. Values
 * must be distinct (packed pairs of distinct nodes are). One thread uses it at a time.
 */
public final class TopValues {

    private long[] values;
    private int size;
    private int limit;
    private long floor;
    private boolean hasFloor;

    /** An empty set that keeps {@code limit} values; see {@link #reset}. */
    public TopValues(int limit) {
        values = new long[0];
        reset(limit);
    }

    /** Empties the set and makes it keep the largest {@code limit} (at least 1) values from now on. */
    public void reset(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        this.limit = limit;
        if (values.length < 2 * limit) {
            values = new long[2 * limit];
        }
        size = 0;
        floor = Long.MIN_VALUE;
        hasFloor = false;
    }

    /**
     * Every value at or below the floor is refused: it is the least of {@code limit} values
     * kept. Meaningful once {@link #hasFloor}; {@link Long#MIN_VALUE} before.
     */
    public long floor() {
        return floor;
    }

    /** Whether {@code limit} values have been offered, so that {@link #floor} refuses values. */
    public boolean hasFloor() {
        return hasFloor;
    }

    /** Offers {@code value}; returns whether it was kept for now (it may be dropped later by larger ones). */
    public boolean offer(long value) {
        if (hasFloor && value <= floor) {
            return false;
        }
        values[size++] = value;
        if (!hasFloor && size == limit) {
            floor = least(values, size);
            hasFloor = true;
        } else if (size == values.length) {
            cut();
        }
        return true;
    }

    /** Drops all but the largest {@code limit} values; afterwards {@link #get} reads at most {@code limit}. */
    public void trim() {
        if (size > limit) {
            cut();
        }
    }

    /** Number of values held: up to twice the limit until {@link #trim}. */
    public int size() {
        return size;
    }

    /** The value at position {@code i}, 0 <= i < size, in no particular order. */
    public long get(int i) {
        return values[i];
    }

    /** Pushes every value held into {@code heap}, after {@link #trim}. */
    public void trimInto(LongHeap heap) {
        trim();
        for (int i = 0; i < size; i++) {
            heap.push(values[i]);
        }
    }

    private void cut() {
        select(values, size, size - limit);
        // The selection put the least value kept first among the limit it copies to the front.
        System.arraycopy(values, size - limit, values, 0, limit);
        size = limit;
        floor = values[0];
    }

    private static long least(long[] values, int count) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            least = Math.min(least, values[i]);
        }
        return least;
    }

    /**
     * Rearranges {@code values[0..count)} so that position {@code rank} holds the value that sorting
     * would put there, smaller values before it and larger after: quickselect with the median of
     * three as pivot, falling back to a sort on short ranges.
     */
    static void select(long[] values, int count, int rank) {
        int low = 0;
        int high = count - 1;
        while (high - low > 16) {
            int middle = (low + high) >>> 1;
            long pivot = medianOfThree(values[low], values[middle], values[high]);
            int i = low;
            int j = high;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long swap = values[i];
                    values[i++] = values[j];
                    values[j--] = swap;
                }
            }
            if (rank <= j) {
                high = j;
            } else if (rank >= i) {
                low = i;
            } else {
                return;
            }
        }
        Arrays.sort(values, low, high + 1);
    }

    private static long medianOfThree(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
