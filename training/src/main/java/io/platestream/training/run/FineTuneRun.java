package io.platestream.training.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.training.TrainingLoop;
import io.platestream.training.TrainingState;
import io.platestream.training.eval.RealMetrics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One fine-tuning run in its own folder: the model validated before training, a checkpoint to
 * resume from, every step and validation logged to {@code metrics.jsonl}, the best model so far
 * kept as {@code best.onnx}, a chart of the whole run, and the best model written as {@code
 * <name>.onnx}. The starting model is the first "best" (step 0): a checkpoint replaces it only when
 * its main metric is higher, so a run that never beats its starting point returns the starting
 * point, and {@link Outcome#improved()} says so.
 */
public final class FineTuneRun {
  public static final String LOG = "metrics.jsonl";
  public static final String BEST = "best.onnx";
  static final String BEST_METRICS = "best.json";
  static final String CHECKPOINT = "checkpoint";
  static final String CHART = "metrics.png";

  /** What a run tells whoever watches it (a console's progress bar, a test). */
  public interface Listener {
    /** The total number of steps, once, before the first. */
    void started(int totalSteps);

    void step(int step, double loss, double rate);

    /** A line worth showing above the progress. */
    void say(String line);
  }

  /** The best checkpoint: its step and validation metrics. */
  public record Best(int step, Map<String, Double> metrics) {}

  /**
   * @param before the starting model's validation metrics
   * @param best the kept checkpoint
   * @param model the kept checkpoint's ONNX bytes
   * @param file where they were written
   * @param seconds how long the training took
   */
  public record Outcome(
      Map<String, Double> before, Best best, byte[] model, Path file, double seconds) {
    /** Whether a checkpoint beat the starting model (else the model is the starting one). */
    public boolean improved() {
      return best.step() > 0;
    }
  }

  private final FineTune fineTune;
  private final Path out;
  private final double realTolerance;
  private final ObjectMapper json = new ObjectMapper();

  public FineTuneRun(FineTune fineTune, Path out) {
    this(fineTune, out, RealMetrics.DEFAULT_TOLERANCE);
  }

  /**
   * @param realTolerance how far a checkpoint's real-data metrics may fall below the starting
   *     model's and still be kept (see {@link RealMetrics})
   */
  public FineTuneRun(FineTune fineTune, Path out, double realTolerance) {
    this.fineTune = fineTune;
    this.out = out;
    this.realTolerance = realTolerance;
  }

  /**
   * The checkpoint in the run folder, checked to be of a run of the same length, or null when the
   * run starts afresh (whose files then replace any earlier run's). The caller closes it.
   */
  public TrainingState prepare(boolean resume) throws IOException {
    Files.createDirectories(out);
    if (!resume) {
      // Nothing of an earlier run in the folder may pass for this one's.
      for (String stale : List.of(LOG, BEST, BEST_METRICS)) {
        Files.deleteIfExists(out.resolve(stale));
      }
      return null;
    }
    TrainingState state = TrainingState.load(out.resolve(CHECKPOINT));
    if (state.totalSteps() != fineTune.totalSteps()) {
      int planned = state.totalSteps();
      state.close();
      throw new IllegalArgumentException(
          "the checkpoint in "
              + out
              + " is of a run of "
              + planned
              + " steps, this one would make "
              + fineTune.totalSteps()
              + ": resume with the same --data, --epochs, --batch and --validation");
    }
    return state;
  }

  /**
   * Validates {@code base}, trains from it (or from {@code resumed}), and writes the best
   * checkpoint as {@code <fileName>}.
   */
  public Outcome run(
      byte[] base,
      Map<String, Double> before,
      TrainingState resumed,
      String fileName,
      Listener listener)
      throws IOException {
    if (resumed == null) {
      log(Map.of("step", 0, "validation", before));
      keep(new Best(0, before), base);
    } else {
      listener.say("resuming at step " + resumed.step() + " of " + resumed.totalSteps());
    }
    long started = System.nanoTime();
    Checkpoints checkpoints = new Checkpoints(listener, before);
    listener.started(fineTune.totalSteps());
    fineTune.train(base, resumed, checkpoints);
    Best best = checkpoints.best();
    double seconds = (System.nanoTime() - started) / 1e9;
    byte[] trained = Files.readAllBytes(out.resolve(BEST));
    Path file = out.resolve(fileName);
    Files.write(file, trained);
    log(Map.of("validation_before", before, "validation_after", best.metrics()));
    chart(fineTune.mainMetric());
    return new Outcome(before, best, trained, file, seconds);
  }

  /** Saves the resume state at each checkpoint and keeps the model when it is the best yet. */
  private final class Checkpoints implements FineTune.Progress {
    private final Listener listener;
    private final Map<String, Double> start;
    private Best best;

    Checkpoints(Listener listener, Map<String, Double> start) throws IOException {
      this.listener = listener;
      this.start = start;
      Path saved = out.resolve(BEST_METRICS);
      if (Files.isRegularFile(saved) && Files.isRegularFile(out.resolve(BEST))) {
        this.best = json.readValue(saved.toFile(), Best.class);
      }
    }

    @Override
    public void step(TrainingLoop.Step step) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("step", step.step() + 1);
      line.put("loss", step.loss());
      line.put("lr", step.rate());
      log(line);
      listener.step(step.step(), step.loss(), step.rate());
    }

    @Override
    public void checkpoint(TrainingState state, Supplier<byte[]> model) {
      state.save(out.resolve(CHECKPOINT));
      byte[] onnx = model.get();
      Map<String, Double> metrics = fineTune.evaluate(onnx);
      double score = metrics.get(fineTune.mainMetric());
      boolean higher = best == null || score > best.metrics().get(fineTune.mainMetric());
      // Worse than the starting model on real photographs: not kept, whatever else it gains.
      Optional<String> fallen = RealMetrics.fallen(start, metrics, realTolerance);
      boolean better = higher && fallen.isEmpty();
      if (better) {
        best = new Best(state.step(), metrics);
        keep(best, onnx);
      }
      log(Map.of("step", state.step(), "validation", metrics, "best", better));
      listener.say(
          String.format(
              Locale.ROOT,
              "  validation at step %d: %s%s",
              state.step(),
              format(metrics),
              better
                  ? "  (best so far, kept)"
                  : higher ? "  (not kept: " + fallen.get() + ")" : ""));
    }

    Best best() {
      if (best == null) {
        throw new IllegalStateException("the run ended without a checkpoint");
      }
      return best;
    }
  }

  /** Keeps {@code onnx} as the best model so far, with its metrics for a resumed run. */
  private void keep(Best best, byte[] onnx) {
    try {
      Files.write(out.resolve(BEST), onnx);
      json.writeValue(out.resolve(BEST_METRICS).toFile(), best);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the best model to " + out, e);
    }
  }

  /** The chart of the whole run, from its log (a resumed run's earlier steps included). */
  private void chart(String metric) throws IOException {
    List<LossChart.Point> losses = new ArrayList<>();
    List<LossChart.Point> validation = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve(LOG))) {
      JsonNode node = json.readTree(line);
      if (node.has("loss")) {
        losses.add(new LossChart.Point(node.get("step").asInt(), node.get("loss").asDouble()));
      } else if (node.has("validation") && node.has("step")) {
        validation.add(
            new LossChart.Point(
                node.get("step").asInt(), node.get("validation").get(metric).asDouble()));
      }
    }
    LossChart.write(out.resolve(CHART), losses, validation, metric);
  }

  /** One JSON line in the run's log. */
  private void log(Map<String, ?> line) {
    try (BufferedWriter writer =
        Files.newBufferedWriter(
            out.resolve(LOG), StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      writer.write(json.writeValueAsString(line));
      writer.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out.resolve(LOG), e);
    }
  }

  /** Metrics on one line, four decimals each. */
  public static String format(Map<String, Double> metrics) {
    StringBuilder text = new StringBuilder();
    metrics.forEach((k, v) -> text.append(String.format(Locale.ROOT, "%s %.4f  ", k, v)));
    return text.toString().strip();
  }
}
