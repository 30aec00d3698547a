package dev.annex.ivf;

import dev.annex.util.Bits;
import dev.annex.util.LongHeap;
import dev.annex.util.ScoredNodes;

/**
 * The hot loop of IVF-PQ: scores every code of one inverted list from the per-query lookup
 * table and keeps the best. Codes are read front to back; four partial sums per code keep the
 * table lookups independent of each other.
 */
final class ListScanner {

    private ListScanner() {
    }

    /**
     * Scans {@code entries}. With {@code Σ = Σ_j table[j·256 + code_j]}, the score of entry i is
     * {@code base + Σ} for inner products ({@code base = q·c}), and, {@code byDistance},
     * {@code scoreOffset + distanceScale · (base + correction_i - 2·Σ)} with {@code base = |q-c|²}.
     * Entries that {@code filter} (null: all) does not admit or {@code deleted} (null: none)
     * holds are skipped. Returns the number of codes scored.
     */
    static int scan(InvertedList.Snapshot entries, float[] table, int m, float base, boolean byDistance,
                    float distanceScale, float scoreOffset, Bits filter, Bits deleted, int keep, LongHeap results) {
        int[] ordinals = entries.ordinals();
        byte[] codes = entries.codes();
        float[] corrections = entries.corrections();
        int size = entries.size();
        int scored = 0;
        for (int i = 0, codeStart = 0; i < size; i++, codeStart += m) {
            int ordinal = ordinals[i];
            if ((filter != null && !filter.get(ordinal)) || (deleted != null && deleted.get(ordinal))) {
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
            float dot = (s0 + s1) + (s2 + s3);
            float score = byDistance ? scoreOffset + distanceScale * (base + corrections[i] - 2 * dot) : base + dot;
            results.pushBounded(ScoredNodes.pack(score, ordinal), keep);
        }
        return scored;
    }
}
