package dev.memctl.cli;

import dev.memctl.spi.DiscardStrategy;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A one-line progress bar on a terminal's stderr, redrawn five times a second once the run has
 * taken more than a second (short runs print nothing), and erased when the run ends so that it
 * never mixes with the results on stdout.
 */
final class ProgressBar implements Measurement.Listener {

    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final int BAR = 28;

    private final PrintWriter err;
    private final Object lock = new Object();
    private ScheduledExecutorService ticker;
    private long start;
    private int total;
    private int done;
    private String phase = "";
    private int drawnWidth;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void started(int totalUnits) {
        synchronized (lock) {
            start = System.nanoTime();
            total = Math.max(1, totalUnits);
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "memctl-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::draw, 200, 200, TimeUnit.MILLISECONDS);
    }

    @Override
    public void phase(Scenario scenario, DiscardStrategy strategy, String what) {
        synchronized (lock) {
            phase = scenario.id() + " / " + strategy.name() + ": " + what;
        }
    }

    @Override
    public void advanced() {
        synchronized (lock) {
            done++;
        }
    }

    @Override
    public void finished() {
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            if (drawnWidth > 0) {
                err.print("\r" + " ".repeat(drawnWidth) + "\r");
                err.flush();
                drawnWidth = 0;
            }
        }
    }

    private void draw() {
        synchronized (lock) {
            long elapsed = System.nanoTime() - start;
            if (elapsed < SHOW_AFTER_NANOS) {
                return;
            }
            String line = line(done, total, phase, elapsed);
            err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
            err.flush();
            drawnWidth = line.length();
        }
    }

    /** The bar for {@code done} of {@code total} units: {@code [#######.....]  7/25  full / ...  3.1 s}. */
    static String line(int done, int total, String phase, long elapsedNanos) {
        int filled = (int) ((long) BAR * Math.min(done, total) / total);
        String p = phase.length() > 48 ? phase.substring(0, 47) + "~" : phase;
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%  %-48s %5.1f s", 100 * done / total, p, elapsedNanos / 1e9);
    }
}
