package dev.annex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python example client (examples/python, Debian's python3-grpcio and python3-protobuf,
 * which .ci/run installs) against a started server: create, upsert, filtered search, an error.
 */
class PythonClientTest {

    @TempDir
    Path dir;

    @Test
    void pythonClientTalksToTheServer() throws Exception {
        Path client = Path.of("..", "examples", "python", "annex_client.py").toAbsolutePath().normalize();
        try (AnnexServer server = AnnexServer.start(ServerOptions.defaults(0, dir))) {
            Process python = new ProcessBuilder("/usr/bin/python3", client.toString(), "--port", Integer.toString(server.port()))
                    .redirectErrorStream(true).start();
            assertTrue(python.waitFor(60, TimeUnit.SECONDS), "the client finished");
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, python.exitValue(), output);
            assertTrue(output.contains("\"upserted\": 100"), output);
            assertTrue(output.contains("{\"id\": \"song-7\""), "the query's own point ranks first: " + output);
            assertEquals(3, output.split("\"genre\": \"jazz\"", -1).length - 1, "three hits, all jazz: " + output);
            assertTrue(output.contains("\"code\": \"INVALID_ARGUMENT\"") && output.contains("dimension mismatch"), output);
        }
    }
}
