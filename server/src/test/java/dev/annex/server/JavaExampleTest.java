package dev.annex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/java/SearchExample.java, run by the single-file source launcher against a started server. */
class JavaExampleTest {

    @TempDir
    Path dir;

    @Test
    void javaExampleRunsAgainstTheServer() throws Exception {
        Path example = Path.of("..", "examples", "java", "SearchExample.java").toAbsolutePath().normalize();
        try (AnnexServer server = AnnexServer.start(ServerOptions.defaults(0, dir))) {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), example.toString(), Integer.toString(server.port())));
            Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertTrue(java.waitFor(120, TimeUnit.SECONDS), "the example finished");
            String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, java.exitValue(), output);
            assertTrue(output.contains("loaded 2000 items"), output);
            assertEquals(3, output.split("score", -1).length - 1, output);
            assertTrue(output.contains("collections left: []"), output);
        }
    }
}
