package dev.annex.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar for long builds and sweeps, redrawn in place at most five times a
 * second; {@link #advance} may be called from several threads. When the output is not a
 * terminal (a log file, CI), nothing is redrawn: {@link #finish} prints one line per task.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong lastDraw = new AtomicLong();
    private volatile String label = "";
    private volatile long total = 1;
    private volatile long startNanos;

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
    public void start(String label, long total) {
        this.label = label;
        this.total = Math.max(1, total);
        this.startNanos = System.nanoTime();
        done.set(0);
        lastDraw.set(0);
        draw(0);
    }

    /** Records {@code steps} more steps done. */
    public void advance(long steps) {
        long now = done.addAndGet(steps);
        long last = lastDraw.get();
        long time = System.nanoTime();
        if (time - last >= REDRAW_NANOS && lastDraw.compareAndSet(last, time)) {
            draw(now);
        }
    }

    /** Draws the finished bar and ends its line (off a terminal: one line naming the task and its time). */
    public void finish() {
        if (!interactive) {
            synchronized (out) {
                out.printf(Locale.ROOT, "%s done in %.1f s", label, (System.nanoTime() - startNanos) / 1e9);
            }
        }
        draw(total);
        synchronized (out) {
            out.println();
        }
    }

    /** Wipes the bar off its line, for a result line to take its place. */
    public void erase() {
        if (!interactive) {
            return;
        }
        synchronized (out) {
            out.print("\r" + " ".repeat(WIDTH + 48) + "\r");
            out.flush();
        }
    }

    private void draw(long now) {
        if (!interactive) {
            return;
        }
        long shown = Math.min(now, total);
        int filled = (int) (WIDTH * shown / total);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String line = String.format(Locale.ROOT, "\r%-28.28s [%s%s] %3d%% %7.1f s", label, "#".repeat(filled),
                " ".repeat(WIDTH - filled), 100 * shown / total, seconds);
        synchronized (out) {
            out.print(line);
            out.flush();
        }
    }
}
