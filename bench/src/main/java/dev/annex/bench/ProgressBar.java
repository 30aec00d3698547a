package dev.annex.bench;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long builds and sweeps, one task at a time. On a terminal it is a bar of the
 * progressbar library, redrawn in place from its own thread; {@link #advance} may be called
 * from several threads. Off a terminal (a log file, CI) nothing is redrawn: {@link #finish}
 * prints one line per task.
 */
public final class ProgressBar {

    private final PrintStream out;
    private final boolean interactive;
    private me.tongfei.progressbar.ProgressBar bar;
    private String label = "";
    private long startNanos;

    /** A bar drawn in place on {@code out}. */
    public ProgressBar(PrintStream out) {
        this(out, true);
    }

    /** A bar on {@code out}, drawn in place only when {@code interactive} (the output is a terminal). */
    public ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** A bar on standard output, drawn in place only when it is a terminal. */
    public static ProgressBar forConsole(PrintStream out) {
        return new ProgressBar(out, System.console() != null);
    }

    /** Starts a new task of {@code total} steps named {@code label}. */
    public synchronized void start(String label, long total) {
        close();
        this.label = label;
        this.startNanos = System.nanoTime();
        if (interactive) {
            bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(Math.max(1, total))
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).build();
        }
    }

    /** Records {@code steps} more steps done. */
    public void advance(long steps) {
        me.tongfei.progressbar.ProgressBar current = bar;
        if (current != null) {
            current.stepBy(steps);
        }
    }

    /** Ends the task: the bar stays, complete (off a terminal: one line naming the task and its time). */
    public synchronized void finish() {
        if (!interactive) {
            out.printf(Locale.ROOT, "%s done in %.1f s%n", label, (System.nanoTime() - startNanos) / 1e9);
        }
        if (bar != null) {
            bar.stepTo(bar.getMax());
        }
        close();
    }

    /** Ends the task without a line of its own (off a terminal), for the caller's result line to follow. */
    public synchronized void end() {
        close();
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
