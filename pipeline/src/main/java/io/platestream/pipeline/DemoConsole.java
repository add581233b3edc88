package io.platestream.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.platestream.datasets.metrics.EndToEndMetrics;
import io.platestream.datasets.metrics.PassEvaluator;
import io.platestream.schemas.PlateEvent;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What the demo prints while it runs: a summary line every few seconds (frames in, detected,
 * plates, reads, events, with rates), and at the end the events scored against the sample clip's
 * ground truth. Closing stops the periodic lines.
 */
public final class DemoConsole implements AutoCloseable {
  private final PrintWriter out;
  private final MeterRegistry meters;
  private final EventPrinter printer;
  private final PipelineSummary summary =
      new PipelineSummary(new PipelineSummary.Totals(0, 0, 0, 0, 0, System.nanoTime()));
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  /**
   * Prints a summary every {@code periodSeconds}, with the frames {@code published} says ingest has
   * published so far.
   */
  public DemoConsole(
      PrintWriter out,
      MeterRegistry meters,
      EventPrinter printer,
      LongSupplier published,
      int periodSeconds) {
    this.out = out;
    this.meters = meters;
    this.printer = printer;
    timer.scheduleAtFixedRate(
        () -> printSummary(published.getAsLong()), periodSeconds, periodSeconds, TimeUnit.SECONDS);
  }

  /** One summary line now, with {@code frames} published. */
  public void printSummary(long frames) {
    synchronized (out) {
      out.println(
          summary.line(
              new PipelineSummary.Totals(
                  frames,
                  count("platestream.detector.frames"),
                  count("platestream.detector.plates"),
                  count("platestream.recognizer.reads"),
                  printer.events().size(),
                  System.nanoTime()),
              new PipelineSummary.Lag(
                  lagSeconds("detect"),
                  lagSeconds("recognize"),
                  (long)
                      meters.find("platestream.stage.shed").counters().stream()
                          .mapToDouble(Counter::count)
                          .sum())));
      out.flush();
    }
  }

  /** Pass-level plate precision and recall of the events so far against the clip's passes. */
  public void printAgainstGroundTruth(List<String> truth) {
    List<PlateEvent> events = printer.events();
    EndToEndMetrics m =
        PassEvaluator.evaluate(events.stream().map(e -> e.getPlate().toString()).toList(), truth);
    out.printf(
        "Against the sample clip's ground truth: %d event(s), %d with a plate of the clip;"
            + " %d of %d plates found. Precision %.2f, recall %.2f, F %.2f.%n",
        m.predictions(),
        m.hits(),
        PassEvaluator.platesFound(m),
        m.groundTruths(),
        m.precision(),
        m.recall(),
        m.fMeasure());
    out.flush();
  }

  /** The stage's capture lag gauge, or -1 before it finished anything. */
  private double lagSeconds(String stage) {
    var gauge = meters.find("platestream.stage.capture.lag").tag("stage", stage).gauge();
    return gauge == null ? -1 : gauge.value();
  }

  /** How long after capture the early and the final events reached the console: median, worst. */
  public void printEventDelays() {
    List<Long> early = printer.earlyDelaysMs().stream().sorted().toList();
    if (!early.isEmpty()) {
      out.printf(
          java.util.Locale.ROOT,
          "Early events (car still in view) reached the console %.1f s (median) and %.1f s"
              + " (worst) after the read that made them sure was captured.%n",
          early.get(early.size() / 2) / 1000.0,
          early.get(early.size() - 1) / 1000.0);
    }
    List<Long> delays = printer.delaysMs().stream().sorted().toList();
    if (delays.isEmpty()) {
      return;
    }
    out.printf(
        java.util.Locale.ROOT,
        "Final events reached the console %.1f s (median) and %.1f s (worst) after their pass's"
            + " last read was captured.%n",
        delays.get(delays.size() / 2) / 1000.0,
        delays.get(delays.size() - 1) / 1000.0);
    out.flush();
  }

  private long count(String name) {
    return (long) meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
