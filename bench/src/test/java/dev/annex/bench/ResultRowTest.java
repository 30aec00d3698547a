package dev.annex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultRowTest {

    private static final ResultRow ROW =
            new ResultRow("annex", "HNSW", "M=16,efC=200,ef=10", 12.5, 2, 0.9512, 11000.5, 90.1, 150.2, 3300.4, 371.0, 2, 19000.5);

    @Test
    void rowsRoundTripThroughAFile(@TempDir Path dir) throws Exception {
        StringWriter text = new StringWriter();
        ResultRow.writeCsv(text, List.of(ROW));
        assertEquals(ResultRow.HEADER, text.toString().split("\n")[0]);
        Path file = dir.resolve("rows.csv");
        Files.writeString(file, text.toString());
        assertEquals(List.of(ROW), ResultRow.readCsv(file));
    }

    @Test
    void theSharedColumnsComeFirstInTheSchemaOrder() {
        assertTrue(ResultRow.HEADER.startsWith("library,index,params,build_s,threads,recall_at_10,qps,mean_us,p99_us,bytes_per_vector,"));
    }

    @Test
    void peerRowsWithoutTheExtraColumnsParse() {
        ResultRow peer = ResultRow.parse("hnswlib-native,HNSW,\"M=16,efC=200,ef=16\",12.20,2,0.9680,11700.0,85.0,120.0,3400.0");
        assertEquals("hnswlib-native", peer.library());
        assertEquals("M=16,efC=200,ef=16", peer.params());
        assertEquals(0.968, peer.recallAt10());
        assertTrue(Double.isNaN(peer.evaluationsPerQuery()));
        assertTrue(Double.isNaN(peer.throughputQps()));
    }

    @Test
    void quotesInParamsSurvive() {
        ResultRow quoted = new ResultRow("x", "Flat", "note=\"a,b\"", 0, 1, 1, 1, 1, 1, 1, Double.NaN, 0, Double.NaN);
        assertEquals(quoted.params(), ResultRow.parse(quoted.toCsv()).params());
    }

    @Test
    void aFileWithoutTheHeaderIsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "a,b,c\n");
        BenchmarkException e = assertThrows(BenchmarkException.class, () -> ResultRow.readCsv(file));
        assertTrue(e.getMessage().contains("bad.csv"), e.getMessage());
        assertThrows(BenchmarkException.class, () -> ResultRow.parse("annex,HNSW,p,1,2,x,1,1,1,1"));
    }
}
