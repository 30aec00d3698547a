package dev.annex.bench.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny run of the collection benchmark writes every measurement with a finite value. */
class CollectionBenchmarkTest {

    @Test
    void smallRunWritesEveryMeasurement(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new CollectionBenchmark(new PrintStream(printed, true, StandardCharsets.UTF_8)).run(4_000, 1, dir.resolve("work"),
                dir.resolve("out"), List.of("upserts", "recovery", "search"));
        List<String> rows = Files.readAllLines(dir.resolve("out").resolve("collection.csv"));
        assertEquals("measurement,setting,value,unit", rows.get(0));
        assertEquals(1 + 1 + 4 + 1 + 2 + 6 + 5 + 2, rows.size(), String.join("\n", rows));
        assertTrue(rows.get(1).startsWith("\"machine\",\"") && rows.get(1).contains("cores, JDK"), rows.get(1));
        for (String row : rows.subList(2, rows.size())) {
            double value = Double.parseDouble(row.split(",")[row.split(",").length - 2]);
            assertTrue(Double.isFinite(value), row);
        }
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("kernels "));
    }
}
