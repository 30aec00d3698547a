package dev.annex.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UtilTest {

    @Test
    void packedPairsOrderByScoreThenSmallerNode() {
        long[] packed = {
            ScoredNodes.pack(-3.5f, 7), ScoredNodes.pack(2f, 9), ScoredNodes.pack(2f, 4), ScoredNodes.pack(0f, 1),
            ScoredNodes.pack(-0f, 0), ScoredNodes.pack(Float.MAX_VALUE, 3), ScoredNodes.pack(-Float.MAX_VALUE, 2)
        };
        for (long p : packed) {
            assertEquals(p, ScoredNodes.pack(ScoredNodes.score(p), ScoredNodes.node(p)));
        }
        Arrays.sort(packed);
        assertEquals(3, ScoredNodes.node(packed[6]));
        assertEquals(4, ScoredNodes.node(packed[5]), "tie at 2.0 goes to the smaller node");
        assertEquals(9, ScoredNodes.node(packed[4]));
        assertEquals(2, ScoredNodes.node(packed[0]));
        assertEquals(-3.5f, ScoredNodes.score(packed[1]));
    }

    @Test
    void boundedHeapKeepsTheLargest() {
        Random random = new Random(1);
        LongHeap heap = new LongHeap(2);
        long[] values = new long[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextLong();
            heap.pushBounded(values[i], 10);
        }
        Arrays.sort(values);
        assertEquals(10, heap.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(values[990 + i], heap.pop());
        }
        assertTrue(heap.isEmpty());
    }

    /**
     * The largest {@code limit} of many offers, for limits that cut often, once, or never, on
     * rising, falling and random values (seed 2); the floor is the least value kept and refuses
     * what is below it; a reset forgets everything.
     */
    @Test
    void topValuesKeepTheLargest() {
        Random random = new Random(2);
        for (int limit : new int[] {1, 7, 100, 5000}) {
            for (int order = 0; order < 3; order++) {
                long[] values = new long[3000];
                for (int i = 0; i < values.length; i++) {
                    values[i] = order == 0 ? i : order == 1 ? -i : random.nextLong();
                }
                TopValues top = new TopValues(3);
                top.reset(limit);
                for (long value : values) {
                    top.offer(value);
                }
                top.trim();
                long[] kept = new long[top.size()];
                for (int i = 0; i < kept.length; i++) {
                    kept[i] = top.get(i);
                }
                Arrays.sort(kept);
                Arrays.sort(values);
                long[] expected = Arrays.copyOfRange(values, Math.max(0, values.length - limit), values.length);
                assertArrayEquals(expected, kept, "limit " + limit + ", order " + order);
                assertEquals(limit <= values.length, top.hasFloor(), "limit " + limit);
                if (top.hasFloor()) {
                    assertEquals(expected[0], top.floor());
                    assertFalse(top.offer(expected[0] - 1));
                }
            }
        }
        TopValues top = new TopValues(2);
        top.offer(5);
        top.reset(2);
        assertEquals(0, top.size());
        assertFalse(top.hasFloor());
    }

    @Test
    void visitedSetForgetsOnReset() {
        VisitedSet visited = new VisitedSet(4);
        assertTrue(visited.visit(3));
        assertFalse(visited.visit(3));
        visited.reset(4);
        assertTrue(visited.visit(3));
        visited.reset(100);
        assertTrue(visited.visit(99));
    }

    /** NaN never ranks above a real score; ties go to the smaller node. */
    @Test
    void scoredNodesOrderNaNLast() {
        long nan = ScoredNodes.pack(Float.NaN, 1);
        assertTrue(nan < ScoredNodes.pack(-Float.MAX_VALUE, 2));
        assertEquals(Float.NEGATIVE_INFINITY, ScoredNodes.score(nan));
        assertTrue(ScoredNodes.pack(0.5f, 3) > ScoredNodes.pack(0.5f, 4));
    }

    /** A deny-list admits all but its ordinals, including ordinals past any length, and counts exactly. */
    @Test
    void denyListAdmitsEverythingElse() {
        Bits deny = Bits.allExcept(5, 70, 5, -3, 1_000_000);
        assertFalse(deny.get(5));
        assertFalse(deny.get(70));
        assertFalse(deny.get(1_000_000));
        assertTrue(deny.get(0));
        assertTrue(deny.get(6));
        assertTrue(deny.get(Integer.MAX_VALUE));
        assertEquals(98, deny.approximateCardinality(100));
        assertEquals(0, Bits.allExcept().approximateCardinality(0));
        assertEquals(2_000_000 - 3, deny.approximateCardinality(2_000_000));
    }

    @Test
    void fixedBitSetCountsAndIterates() {
        FixedBitSet bits = new FixedBitSet(200);
        bits.set(0);
        bits.set(64);
        bits.set(199);
        bits.set(64);
        assertEquals(3, bits.cardinality());
        assertEquals(3, bits.approximateCardinality(500));
        bits.clear(64);
        bits.clear(65);
        assertEquals(2, bits.cardinality());
        bits.set(64);
        assertEquals(64, bits.nextSetBit(1));
        assertEquals(199, bits.nextSetBit(65));
        assertEquals(-1, bits.nextSetBit(200));
        assertFalse(bits.get(-1));
        assertFalse(bits.get(500));
    }

    @Test
    void concurrentBitSetGrowsWithoutLosingBits() throws Exception {
        ConcurrentBitSet bits = new ConcurrentBitSet(1);
        Thread[] writers = new Thread[4];
        for (int t = 0; t < writers.length; t++) {
            int first = t;
            writers[t] = new Thread(() -> {
                for (int i = first; i < 100_000; i += writers.length) {
                    bits.set(i);
                }
            });
            writers[t].start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
        assertEquals(100_000, bits.cardinality());
        assertFalse(bits.set(5));
    }

    @Test
    void sampledCardinalityIsClose() {
        Bits everyTenth = new Bits() {
            @Override
            public boolean get(int ordinal) {
                return ordinal % 10 == 0;
            }
        };
        assertEquals(100_000, everyTenth.approximateCardinality(1_000_000), 5_000);
    }
}
