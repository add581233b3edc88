package io.platestream.app;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A training run's progress on the console: on a terminal one line redrawn in place (bar, step,
 * loss averaged over the last steps, learning rate, speed, time left); elsewhere (a log, a test) a
 * plain line every {@code every} steps and at the last.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintWriter console;
  private final boolean terminal;
  private final int total;
  private final int every;
  private final long started = System.nanoTime();
  private final double[] recent = new double[20];
  private int seen;
  private int firstStep = -1;

  ProgressBar(PrintWriter console, boolean terminal, int total, int every) {
    this.console = console;
    this.terminal = terminal;
    this.total = total;
    this.every = Math.max(1, every);
  }

  /** Step {@code step} (0-based) is done with this loss at this learning rate. */
  void update(int step, double loss, double rate) {
    if (firstStep < 0) {
      firstStep = step; // a resumed run starts late: speed counts this run's steps only
    }
    if (Double.isFinite(loss)) {
      recent[seen++ % recent.length] = loss;
    }
    int done = step + 1;
    boolean last = done == total;
    if (!terminal && done % every != 0 && !last) {
      return;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double perSecond = (done - firstStep) / Math.max(seconds, 1e-9);
    long left = Math.round((total - done) / Math.max(perSecond, 1e-9));
    String text =
        String.format(
            Locale.ROOT,
            "%s %d/%d  loss %.4f  lr %.2e  %.2f steps/s  %s left",
            bar(done),
            done,
            total,
            average(),
            rate,
            perSecond,
            clock(left));
    if (terminal) {
      console.print("\r" + text + (last ? System.lineSeparator() : ""));
    } else {
      console.println("  step " + text);
    }
    console.flush();
  }

  /** A line of its own (a validation result) without breaking the bar. */
  void say(String line) {
    console.println((terminal ? "\r" : "") + line);
    console.flush();
  }

  private String bar(int done) {
    int filled = (int) ((long) WIDTH * done / Math.max(1, total));
    return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
  }

  private double average() {
    int n = Math.min(seen, recent.length);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += recent[i];
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static String clock(long seconds) {
    return String.format(
        Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
}
