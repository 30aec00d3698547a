package dev.annex.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annex.Indexes;
import dev.annex.TestData;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.api.IndexSpec;
import dev.annex.api.SearchResults;
import dev.annex.api.VectorIndex;
import dev.annex.exact.ExactIndex;
import dev.annex.format.IndexFileReader;
import dev.annex.format.IndexType;
import dev.annex.vector.Similarity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph walked on int8 codes ({@code SQ8}): it must be trained, it re-ranks exactly, and it
 * saves and loads as its own file type. Oracle: brute force ({@link ExactIndex}); data: 4,000
 * overlapping clustered 48-d vectors with log-normal norms (seeds 71/72), 200 queries (seed 73).
 */
class HnswSq8Test {

    private static final float[][] DATA = TestData.overlapping(4_000, 48, 16, 71, 72);
    private static final float[][] QUERIES = TestData.overlapping(200, 48, 16, 71, 73);

    @TempDir
    Path dir;

    private static HnswIndex trained(HnswSpec spec, Similarity similarity) {
        HnswIndex index = new HnswIndex(48, similarity, spec);
        index.train(DATA);
        index.addAll(DATA);
        return index;
    }

    @Test
    void factoryStringNamesQuantizationAndReRanking() {
        assertEquals("HNSW16,efc200,seed42,threads2,SQ8,Rerank3", IndexSpec.parse("HNSW16,SQ8").toString());
        assertEquals("HNSW16,efc200,seed42,threads2,SQ8,Rerank5", IndexSpec.parse("hnsw16,sq8,rerank5").toString());
        IllegalArgumentException sq4 = assertThrows(IllegalArgumentException.class, () -> IndexSpec.parse("HNSW16,SQ4"));
        assertTrue(sq4.getMessage().contains("SQ4"), sq4.getMessage());
        IllegalArgumentException rerank = assertThrows(IllegalArgumentException.class, () -> IndexSpec.parse("HNSW16,Rerank3"));
        assertTrue(rerank.getMessage().contains("only SQ8 re-ranks"), rerank.getMessage());
    }

    @Test
    void untrainedIndexRefusesAddsAndNamesTheFix() {
        try (VectorIndex index = Indexes.create(48, Similarity.L2, "HNSW16,SQ8")) {
            assertFalse(index.isTrained());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> index.addAll(DATA));
            assertTrue(e.getMessage().contains("train"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> index.train(new float[0][]));
            assertEquals(0, index.size());
        }
    }

    @Test
    void reRankingRecoversWhatTheCodesLoseAndCountsItsEvaluations() {
        HnswSpec floats = new HnswSpec(16, 100, 7L, 1);
        try (HnswIndex plain = trained(floats, Similarity.DOT);
             HnswIndex codesOnly = trained(floats.withScalarQuantization(0), Similarity.DOT);
             HnswIndex reranked = trained(floats.withScalarQuantization(3), Similarity.DOT);
             ExactIndex oracle = HnswTestSupport.exact(DATA, Similarity.DOT)) {
            HnswSearchParameters ef = HnswSearchParameters.ef(40);
            double floatRecall = HnswTestSupport.recall(plain, oracle, QUERIES, 10, ef);
            double codesRecall = HnswTestSupport.recall(codesOnly, oracle, QUERIES, 10, ef);
            double rerankRecall = HnswTestSupport.recall(reranked, oracle, QUERIES, 10, ef);
            assertTrue(rerankRecall >= floatRecall - 0.02, "SQ8 re-ranked " + rerankRecall + " vs floats " + floatRecall);
            assertTrue(rerankRecall > codesRecall, "re-ranking must beat the codes alone: " + rerankRecall + " vs " + codesRecall);
            SearchResults codes = codesOnly.search(QUERIES[0], 10, ef);
            SearchResults exact = reranked.search(QUERIES[0], 10, ef);
            assertEquals(codes.evaluations() + 30, exact.evaluations(), "the walk's evaluations plus 3·k exact ones");
            long extra = reranked.bytesUsed() - plain.bytesUsed();
            assertTrue(extra >= 48L * DATA.length && extra < plain.bytesUsed() / 3,
                    "codes cost a byte per component (a quarter of the floats) on top of them: " + extra + " of " + plain.bytesUsed());
        }
    }

    @Test
    void savedIndexIsItsOwnTypeAndAnswersTheSame() throws Exception {
        for (Similarity similarity : Similarity.values()) {
            try (HnswIndex index = trained(new HnswSpec(12, 80, 3L, 1).withScalarQuantization(2), similarity)) {
                Path file = dir.resolve(similarity + ".annex");
                index.save(file);
                assertEquals(IndexType.HNSW_SQ8, IndexFileReader.peekType(file));
                for (boolean mapped : new boolean[] {false, true}) {
                    try (VectorIndex loaded = Indexes.load(file, mapped)) {
                        assertEquals(index.spec(), loaded.spec());
                        for (float[] query : QUERIES) {
                            SearchResults before = index.search(query, 10, HnswSearchParameters.ef(32));
                            SearchResults after = loaded.search(query, 10, HnswSearchParameters.ef(32));
                            assertEquals(java.util.Arrays.toString(before.ordinals()), java.util.Arrays.toString(after.ordinals()),
                                    similarity + (mapped ? " mapped" : " heap"));
                        }
                    }
                }
            }
        }
    }
}
