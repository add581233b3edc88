package io.platestream.pipeline;

import java.util.Locale;

/**
 * The demo's summary line: totals per stage and each stage's rate since the previous line, so a
 * stage that falls behind shows at a glance.
 */
public final class PipelineSummary {
  /** Totals at one moment. */
  public record Totals(
      long frames, long detected, long plates, long reads, long events, long nanos) {}

  /** How far behind capture the stages run now, and what they have shed so far. */
  public record Lag(double detectSeconds, double recognizeSeconds, long shed) {}

  private Totals previous;

  public PipelineSummary(Totals start) {
    this.previous = start;
  }

  /** The totals line, then the stages' lag behind capture. */
  public String line(Totals now, Lag lag) {
    return line(now)
        + String.format(
            Locale.ROOT,
            "; behind capture: detect %s, recognize %s, %d shed",
            seconds(lag.detectSeconds()),
            seconds(lag.recognizeSeconds()),
            lag.shed());
  }

  private static String seconds(double value) {
    return value < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", value);
  }

  public String line(Totals now) {
    double seconds = Math.max(1e-9, (now.nanos() - previous.nanos()) / 1e9);
    String line =
        String.format(
            Locale.ROOT,
            "  [summary] ingest %d frames (%.1f/s), detect %d frames (%.1f/s) %d plates,"
                + " recognize %d reads (%.1f/s), %d events",
            now.frames(),
            (now.frames() - previous.frames()) / seconds,
            now.detected(),
            (now.detected() - previous.detected()) / seconds,
            now.plates(),
            now.reads(),
            (now.reads() - previous.reads()) / seconds,
            now.events());
    previous = now;
    return line;
  }
}
