package dev.annex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example clients of {@code examples/}, each run as its own process against a started
 * server: the Python one on Debian's python3-grpcio and python3-protobuf (which .ci/run
 * installs), the Java one through the single-file source launcher.
 */
class ExampleClientsTest {

    @TempDir
    Path dir;

    @Test
    void pythonClientCreatesUpsertsSearchesAndSeesAnError() throws Exception {
        String output = runAgainstServer(port -> List.of("/usr/bin/python3", example("python", "annex_client.py"), "--port", port));
        assertTrue(output.contains("\"upserted\": 100"), output);
        assertTrue(output.contains("{\"id\": \"song-7\""), "the query's own point ranks first: " + output);
        assertEquals(3, output.split("\"genre\": \"jazz\"", -1).length - 1, "three hits, all jazz: " + output);
        assertTrue(output.contains("\"code\": \"INVALID_ARGUMENT\"") && output.contains("dimension mismatch"), output);
    }

    @Test
    void javaClientStreamsALoadAndSearches() throws Exception {
        String output = runAgainstServer(port -> List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), example("java", "SearchExample.java"), port));
        assertTrue(output.contains("loaded 2000 items"), output);
        assertEquals(3, output.split("score", -1).length - 1, output);
        assertTrue(output.contains("collections left: []"), output);
    }

    private static String example(String language, String file) {
        return Path.of("..", "examples", language, file).toAbsolutePath().normalize().toString();
    }

    /** Starts a server, runs the command {@code command} makes for its port, and returns what it printed; it must exit 0. */
    private String runAgainstServer(java.util.function.Function<String, List<String>> command) throws Exception {
        try (AnnexServer server = AnnexServer.start(ServerOptions.defaults(0, dir))) {
            Process client = new ProcessBuilder(command.apply(Integer.toString(server.port()))).redirectErrorStream(true).start();
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(client.waitFor(120, TimeUnit.SECONDS), "the client finished");
            assertEquals(0, client.exitValue(), output);
            return output;
        }
    }
}
