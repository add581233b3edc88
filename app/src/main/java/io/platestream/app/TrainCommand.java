package io.platestream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.ModelVersion;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.training.TrainingLoop;
import io.platestream.training.TrainingState;
import io.platestream.training.data.LabelledData;
import io.platestream.training.publish.QualityGate;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Fine-tunes a model on labelled plates, scores it against the version it started from on a
 * held-out split, and with {@code --publish} registers it as a candidate that is promoted only
 * through the quality gate.
 */
@Command(
    name = "train",
    description = {
      "Fine-tune the detector or recognizer on labelled plates.",
      "Reads PaddleOCR or CCPD labels, starts from the registry's version, validates as it",
      "goes and keeps the best checkpoint. With --publish it registers a candidate and",
      "promotes it only if it beats production on the held-out split."
    })
final class TrainCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "det or rec")
  String what;

  @Option(
      names = "--data",
      required = true,
      description =
          "Dataset folder: det_labels.txt / rec_labels.txt (as 'dataset synth' writes) or, with"
              + " --format ccpd, CCPD-named .jpg images.")
  Path data;

  @Option(
      names = "--format",
      description =
          "Label format: paddle (det_labels.txt / rec_labels.txt) or ccpd (labels in the names of"
              + " the .jpg files under --data) (default: ${DEFAULT-VALUE}).")
  String format = "paddle";

  @Option(
      names = "--from",
      description =
          "Start from: production, pretrained, vN or an .onnx file such as an earlier run's"
              + " best.onnx (default: ${DEFAULT-VALUE}).")
  String from = "production";

  @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs = 4;

  @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch = 8;

  @Option(names = "--lr", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate = 2e-4;

  @Option(
      names = "--validation",
      description = "Share held out for validation (default: ${DEFAULT-VALUE}).")
  double validation = 0.25;

  @Option(
      names = "--eval-every",
      description =
          "Steps between validations and checkpoints; 0: once an epoch (default: ${DEFAULT-VALUE}).")
  int evalEvery = 0;

  @Option(
      names = "--workers",
      description = "Threads loading and augmenting batches (default: ${DEFAULT-VALUE}).")
  int workers = 2;

  @Option(
      names = "--size",
      description = "Side of the detector's square training crops (default: ${DEFAULT-VALUE}).")
  int size = 640;

  @Option(
      names = "--augment",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Augment training images as the seed's configs do (default: ${DEFAULT-VALUE}).")
  boolean augment = true;

  @Option(
      names = "--threshold-head",
      description =
          "det: graft a threshold branch for training and train the full DBLoss (probability,"
              + " threshold and binary maps); the written model keeps the probability branch"
              + " alone.")
  boolean thresholdHead;

  @Option(
      names = "--resume",
      description = "Continue the run whose checkpoint is in --out (same data and settings).")
  boolean resume;

  @Option(
      names = "--out",
      description = "Where the model, best checkpoint and metrics go (default: ${DEFAULT-VALUE}).")
  Path out = Path.of(".platestream", "train");

  @Option(
      names = "--publish",
      description = "Publish to the registry as a candidate, promote if it passes the gate.")
  boolean publish;

  @Option(
      names = "--margin",
      description =
          "Main-metric gain over production needed to promote (default: ${DEFAULT-VALUE}).")
  double margin = 0.01;

  @Option(
      names = "--tolerance",
      description = "Largest fall of any other metric (default: ${DEFAULT-VALUE}).")
  double tolerance = 0.02;

  @Mixin KafkaOptions kafka;

  @Mixin ModelOptions models;

  @Spec CommandSpec spec;

  /** The training settings every model shares. */
  record Hyper(
      int epochs,
      int batch,
      double learningRate,
      int workers,
      int evalEvery,
      int size,
      boolean augment,
      boolean thresholdHead) {
    /**
     * The loop's settings: warm-up over half an epoch (none in a one-step run, which has no step
     * after it), the seed's L2 and clipping, a checkpoint every {@code evalEvery} steps or once an
     * epoch.
     */
    TrainingLoop.Settings settings(int samples) {
      int perEpoch = (samples + batch - 1) / batch;
      int warmup = Math.min(Math.max(1, perEpoch / 2), epochs * perEpoch - 1);
      return new TrainingLoop.Settings(
          epochs,
          batch,
          learningRate,
          warmup,
          1e-5,
          5,
          1,
          workers,
          evalEvery > 0 ? evalEvery : perEpoch);
    }

    Map<String, String> asMap() {
      Map<String, String> map = new LinkedHashMap<>();
      map.put("epochs", Integer.toString(epochs));
      map.put("batch", Integer.toString(batch));
      map.put("lr", Double.toString(learningRate));
      return map;
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    LabelledData.Format labels = LabelledData.Format.parse(format);
    if (epochs < 1 || batch < 1 || workers < 1 || evalEvery < 0) {
      throw new IllegalArgumentException(
          "--epochs, --batch and --workers must be at least 1, --eval-every at least 0");
    }
    if (from.endsWith(".onnx") && !Files.isRegularFile(Path.of(from))) {
      // Said before the data is read and a broker started, not after.
      throw new IllegalArgumentException("--from " + from + ": no such file");
    }
    if (thresholdHead && !what.equals("det")) {
      throw new IllegalArgumentException("--threshold-head is for the detector (train det)");
    }
    Hyper hyper =
        new Hyper(epochs, batch, learningRate, workers, evalEvery, size, augment, thresholdHead);
    FineTune run =
        switch (what) {
          case "rec" -> new RecFineTune(data, labels, validation, hyper);
          case "det" -> new DetFineTune(data, labels, validation, hyper);
          default -> throw new IllegalArgumentException("train det or train rec, not " + what);
        };
    Files.createDirectories(out);
    TrainingState state = null;
    if (resume) {
      state = TrainingState.load(out.resolve("checkpoint"));
      if (state.totalSteps() != run.totalSteps()) {
        int planned = state.totalSteps();
        state.close();
        throw new IllegalArgumentException(
            "the checkpoint in "
                + out
                + " is of a run of "
                + planned
                + " steps, this one would make "
                + run.totalSteps()
                + ": resume with the same --data, --epochs, --batch and --validation");
      }
    } else {
      // A fresh run's files: nothing of an earlier run in --out may pass for this one's.
      for (String stale : List.of(LOG, BEST, BEST_METRICS)) {
        Files.deleteIfExists(out.resolve(stale));
      }
    }
    // The registry holds the version to start from (an embedded one: the bundled version 1).
    try (TrainingState resumed = state;
        EmbeddedPlatform embedded = kafka.connect(console);
        SchemaRegistryClient schemas = new RestSchemaRegistryClient(kafka.schemaRegistry);
        ModelOptions.OpenModels opened = models.open(kafka, schemas)) {
      Start start = start(opened, run.modelName());
      byte[] baseOnnx = start.onnx();
      Map<String, Double> before = run.evaluate(baseOnnx);
      console.printf("%s from %s; before: %s%n", run.describe(), start.label(), format(before));
      console.flush();
      if (resumed == null) {
        log(Map.of("step", 0, "validation", before));
      } else {
        console.printf("resuming at step %d of %d%n", resumed.step(), resumed.totalSteps());
      }
      long started = System.nanoTime();
      Checkpoints checkpoints = new Checkpoints(console, run);
      run.train(baseOnnx, resumed, checkpoints);
      Best best = checkpoints.best();
      Map<String, Double> after = best.metrics();
      console.printf(
          Locale.ROOT,
          "after %.0f s, best at step %d: %s%n",
          (System.nanoTime() - started) / 1e9,
          best.step(),
          format(after));
      byte[] trained = Files.readAllBytes(out.resolve(BEST));
      Path file = out.resolve(what + ".onnx");
      Files.write(file, trained);
      log(Map.of("validation_before", before, "validation_after", after));
      chart(run.mainMetric());
      console.printf(
          "model written to %s (the best checkpoint; log %s, chart metrics.png)%n",
          file.toAbsolutePath(), LOG);
      if (publish) {
        publish(console, opened, run, start, before, trained, after);
      }
    }
    return 0;
  }

  private static final String LOG = "metrics.jsonl";
  private static final String BEST = "best.onnx";
  private static final String BEST_METRICS = "best.json";

  /** The best checkpoint so far: its step and validation metrics. */
  record Best(int step, Map<String, Double> metrics) {}

  /**
   * What happens at each checkpoint: the resume state saved, the model validated, kept as {@code
   * best.onnx} when its main metric is the best yet (the first checkpoint always is).
   */
  private final class Checkpoints implements FineTune.Progress {
    private final FineTune run;
    private final ProgressBar bar;
    private Best best;

    Checkpoints(PrintWriter console, FineTune run) throws IOException {
      this.run = run;
      this.bar = new ProgressBar(console, System.console() != null, run.totalSteps(), 10);
      Path saved = out.resolve(BEST_METRICS);
      if (Files.isRegularFile(saved) && Files.isRegularFile(out.resolve(BEST))) {
        this.best = new ObjectMapper().readValue(saved.toFile(), Best.class);
      }
    }

    @Override
    public void step(TrainingLoop.Step step) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("step", step.step() + 1);
      line.put("loss", step.loss());
      line.put("lr", step.rate());
      log(line);
      bar.update(step.step(), step.loss(), step.rate());
    }

    @Override
    public void checkpoint(TrainingState state, Supplier<byte[]> model) {
      state.save(out.resolve("checkpoint"));
      byte[] onnx = model.get();
      Map<String, Double> metrics = run.evaluate(onnx);
      double score = metrics.get(run.mainMetric());
      boolean better = best == null || score > best.metrics().get(run.mainMetric());
      if (better) {
        best = new Best(state.step(), metrics);
        try {
          Files.write(out.resolve(BEST), onnx);
          new ObjectMapper().writeValue(out.resolve(BEST_METRICS).toFile(), best);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the best checkpoint to " + out, e);
        }
      }
      log(Map.of("step", state.step(), "validation", metrics, "best", better));
      bar.say(
          String.format(
              Locale.ROOT,
              "  validation at step %d: %s%s",
              state.step(),
              format(metrics),
              better ? "  (best so far, kept)" : ""));
    }

    Best best() {
      if (best == null) {
        throw new IllegalStateException("the run ended without a checkpoint");
      }
      return best;
    }
  }

  /** The chart of the whole run, from its log (a resumed run's earlier steps included). */
  private void chart(String metric) throws IOException {
    ObjectMapper json = new ObjectMapper();
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
    LossChart.write(out.resolve("metrics.png"), losses, validation, metric);
  }

  private void publish(
      PrintWriter console,
      ModelOptions.OpenModels opened,
      FineTune run,
      Start start,
      Map<String, Double> before,
      byte[] trained,
      Map<String, Double> after) {
    ModelVersion production = opened.registry().production(run.modelName()).orElseThrow();
    ModelVersion base = start.parent();
    Map<String, Double> productionMetrics =
        start.isVersion() && production.getVersion() == base.getVersion()
            ? before
            : run.evaluate(
                opened.store().fetch(production.getArtifactUri(), production.getSha256()));
    Map<String, String> settings = new LinkedHashMap<>(run.settings());
    settings.put("data", data.toAbsolutePath().toString());
    settings.put("from", start.label());
    ModelVersion candidate =
        opened
            .catalog()
            .publish(
                run.modelName(),
                trained,
                base.getDictionary(),
                after,
                settings,
                base.getVersion(),
                "fine-tuned by platestream train " + what);
    console.printf(
        "published %s v%d as a candidate (parent v%d)%n",
        candidate.getModelName(), candidate.getVersion(), base.getVersion());
    QualityGate.Verdict verdict =
        new QualityGate(run.mainMetric(), margin, tolerance).judge(after, productionMetrics);
    if (verdict.promote()) {
      opened
          .catalog()
          .promote(run.modelName(), candidate.getVersion(), "quality gate: " + verdict.reason());
      console.printf("promoted v%d to production: %s%n", candidate.getVersion(), verdict.reason());
    } else {
      console.printf("v%d stays a candidate: %s%n", candidate.getVersion(), verdict.reason());
    }
  }

  /**
   * Where a run starts: a registry version, or a file (an earlier run's {@code best.onnx}, say)
   * whose parent in the registry is the production version it is meant to replace.
   */
  record Start(String label, byte[] onnx, ModelVersion parent, boolean isVersion) {}

  private Start start(ModelOptions.OpenModels opened, String name) {
    if (from.endsWith(".onnx")) {
      Path file = Path.of(from);
      ModelVersion production = opened.registry().production(name).orElseThrow();
      try {
        return new Start(file.toString(), Files.readAllBytes(file), production, false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read --from " + from, e);
      }
    }
    ModelVersion version = version(opened, name);
    byte[] onnx = opened.store().fetch(version.getArtifactUri(), version.getSha256());
    return new Start("v" + version.getVersion(), onnx, version, true);
  }

  private ModelVersion version(ModelOptions.OpenModels opened, String name) {
    if (from.equals("production")) {
      return opened.registry().production(name).orElseThrow();
    }
    if (from.equals("pretrained")) {
      return opened.registry().version(name, 1).orElseThrow();
    }
    if (!from.matches("v\\d+")) {
      throw new IllegalArgumentException(
          "--from must be production, pretrained, vN or an .onnx file, got " + from);
    }
    int number = Integer.parseInt(from.substring(1));
    return opened
        .registry()
        .version(name, number)
        .orElseThrow(() -> new IllegalArgumentException(name + " has no version " + number));
  }

  /** One JSON line in {@code <out>/metrics.jsonl}. */
  private void log(Map<String, ?> line) {
    try (BufferedWriter writer =
        Files.newBufferedWriter(
            out.resolve(LOG),
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND)) {
      writer.write(new ObjectMapper().writeValueAsString(line));
      writer.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out.resolve(LOG), e);
    }
  }

  private static String format(Map<String, Double> metrics) {
    StringBuilder text = new StringBuilder();
    metrics.forEach((k, v) -> text.append(String.format(Locale.ROOT, "%s %.4f  ", k, v)));
    return text.toString().strip();
  }
}
