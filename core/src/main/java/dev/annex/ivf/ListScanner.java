package dev.annex.ivf;

import dev.annex.util.Bits;
import dev.annex.util.ScoredNodes;
import dev.annex.util.TopValues;
import dev.annex.vector.VectorKernels;
import dev.annex.vector.VectorKernelsProvider;

/**
 * The hot loops of IVF-PQ: score every code of one inverted list from the per-query lookup
 * table and keep the best. 8-bit codes are read front to back, four partial sums per code
 * keeping the table lookups independent of each other; 4-bit codes are scanned a block of 32
 * at a time by {@link VectorKernels#fastScanBlock}. The best codes of a query's lists are
 * gathered in one {@link TopValues}.
 */
final class ListScanner {

    private static final VectorKernels KERNELS = VectorKernelsProvider.kernels();

    /**
     * How an estimated inner product with a code becomes a score. With {@code Σ} the inner
     * product of the query with the decoded residual, the score is {@code base + Σ} for inner
     * products ({@code base = q·c}), and, {@code byDistance},
     * {@code scoreOffset + distanceScale · (base + correction - 2·Σ)} with {@code base = |q-c|²}.
     */
    record CodeScore(boolean byDistance, float distanceScale, float scoreOffset) {

        float score(float base, float innerProduct, float correction) {
            return byDistance ? scoreOffset + distanceScale * (base + correction - 2 * innerProduct) : base + innerProduct;
        }

        /**
         * A byte-table sum below which no entry of a list can score above {@code floor}, given
         * the least correction in the list; Integer.MIN_VALUE when nothing can be ruled out. It
         * errs low by two units, so rounding never drops an entry that would have entered.
         */
        int leastUsefulSum(float floor, float base, FastScanTable table, float minCorrection) {
            if (table.step() <= 0 || floor == Float.NEGATIVE_INFINITY) {
                return Integer.MIN_VALUE;
            }
            // Solve score(base, offset + step·sum, minCorrection) > floor for sum; distanceScale < 0.
            double innerProductNeeded = byDistance
                    ? (base + minCorrection - (floor - scoreOffset) / distanceScale) / 2.0
                    : floor - base;
            double sum = Math.floor((innerProductNeeded - table.offset()) / table.step()) - 1;
            return Double.isNaN(sum) ? Integer.MIN_VALUE : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, sum));
        }
    }

    private ListScanner() {
    }

    /**
     * Scans the 8-bit codes of {@code entries}, with {@code Σ = Σ_j table[j·256 + code_j]}.
     * Entries that {@code filter} (null: all) does not admit or {@code deleted} (null: none)
     * holds are skipped. Returns the number of codes scored.
     */
    static int scan(InvertedList.Snapshot entries, float[] table, int m, CodeScore scoring, float base, Bits filter,
                    Bits deleted, TopValues best) {
        int[] ordinals = entries.ordinals();
        byte[] codes = entries.codes();
        float[] corrections = entries.corrections();
        int size = entries.size();
        int scored = 0;
        for (int i = 0, codeStart = 0; i < size; i++, codeStart += m) {
            int ordinal = ordinals[i];
            if (skipped(ordinal, filter, deleted)) {
                continue;
            }
            scored++;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int j = 0;
            for (; j + 4 <= m; j += 4) {
                s0 += table[(j << 8) + (codes[codeStart + j] & 0xFF)];
                s1 += table[((j + 1) << 8) + (codes[codeStart + j + 1] & 0xFF)];
                s2 += table[((j + 2) << 8) + (codes[codeStart + j + 2] & 0xFF)];
                s3 += table[((j + 3) << 8) + (codes[codeStart + j + 3] & 0xFF)];
            }
            for (; j < m; j++) {
                s0 += table[(j << 8) + (codes[codeStart + j] & 0xFF)];
            }
            float innerProduct = (s0 + s1) + (s2 + s3);
            best.offer(ScoredNodes.pack(scoring.score(base, innerProduct, corrections[i]), ordinal));
        }
        return scored;
    }

    /**
     * Scans the 4-bit packed codes of {@code entries} with the quantized {@code table}, as
     * {@link #scan} does the 8-bit ones; {@code sums} holds 32 shorts of scratch.
     */
    static int scanBlocks(InvertedList.Snapshot entries, FastScanTable table, int m, CodeScore scoring, float base,
                          Bits filter, Bits deleted, TopValues best, short[] sums) {
        int[] ordinals = entries.ordinals();
        byte[] codes = entries.codes();
        float[] corrections = entries.corrections();
        int size = entries.size();
        int blockBytes = InvertedList.BLOCK / 2 * m;
        int scored = 0;
        for (int first = 0, blockStart = 0; first < size; first += InvertedList.BLOCK, blockStart += blockBytes) {
            KERNELS.fastScanBlock(codes, blockStart, table.entries(), m, sums);
            int count = Math.min(InvertedList.BLOCK, size - first);
            int leastUseful = !best.hasFloor() ? Integer.MIN_VALUE
                    : scoring.leastUsefulSum(ScoredNodes.score(best.floor()), base, table, entries.minCorrection());
            int candidates = KERNELS.atLeast32(sums, leastUseful);
            if (count < InvertedList.BLOCK) {
                candidates &= (1 << count) - 1;
            }
            if (filter == null && deleted == null) {
                scored += count;
            } else {
                for (int t = 0; t < count; t++) {
                    if (skipped(ordinals[first + t], filter, deleted)) {
                        candidates &= ~(1 << t);
                    } else {
                        scored++;
                    }
                }
            }
            while (candidates != 0) {
                int t = Integer.numberOfTrailingZeros(candidates);
                candidates &= candidates - 1;
                float score = scoring.score(base, table.innerProduct(sums[t]), corrections[first + t]);
                best.offer(ScoredNodes.pack(score, ordinals[first + t]));
            }
        }
        return scored;
    }

    private static boolean skipped(int ordinal, Bits filter, Bits deleted) {
        return (filter != null && !filter.get(ordinal)) || (deleted != null && deleted.get(ordinal));
    }
}
