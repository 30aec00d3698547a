package dev.annex.bench.server;

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

/** A tiny run of the server load benchmark writes one row per mode and client count, plus the streaming upsert. */
class ServerLoadBenchmarkTest {

    @Test
    void smallRunWritesEveryRow(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new ServerLoadBenchmark(new PrintStream(printed, true, StandardCharsets.UTF_8)).run(3_000, 1, 1.0, dir.resolve("work"),
                dir.resolve("out"));
        List<String> rows = Files.readAllLines(dir.resolve("out").resolve("server.csv"));
        assertEquals(1 + 1 + 6 + 1, rows.size(), String.join("\n", rows));
        assertTrue(rows.get(1).contains("cores, JDK"), rows.get(1));
        for (String row : rows.subList(2, rows.size())) {
            String[] columns = row.split(",");
            assertTrue(Double.parseDouble(columns[columns.length - 3]) > 0, row);
        }
    }
}
