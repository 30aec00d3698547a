package dev.annex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** On a terminal the bar redraws in place; in a log it writes one line per task and no redraws. */
class ProgressBarTest {

    @Test
    void offATerminalOneLinePerTask() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        for (int task = 0; task < 3; task++) {
            bar.start("task " + task, 1_000);
            for (int i = 0; i < 1_000; i++) {
                bar.advance(1);
            }
            bar.end();
            bar.start("task " + task, 1_000);
            bar.finish();
        }
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(!log.contains("\r"), log);
        assertEquals(3, log.lines().count(), log);
        assertTrue(log.lines().allMatch(line -> line.matches("task \\d done in \\d+\\.\\d s")), log);
    }

    @Test
    void onATerminalTheBarRedrawsInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        bar.start("build", 10);
        bar.finish();
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.startsWith("\rbuild") && drawn.contains("100%") && drawn.contains("10/10"), drawn);
    }
}
