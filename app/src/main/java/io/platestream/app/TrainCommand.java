package io.platestream.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.ModelVersion;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.training.TrainingLoop;
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
      "Fine-tune the detector (det) or recogniser (rec) on PaddleOCR labels from the registry's",
      "version; with --publish, register a candidate and promote it only if it beats production",
      "on the held-out split."
    })
final class TrainCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "det or rec")
  String what;

  @Option(
      names = "--data",
      required = true,
      description =
          "Dataset folder with det_labels.txt / rec_labels.txt (as 'dataset synth' writes).")
  Path data;

  @Option(names = "--format", description = "Label format: paddle (default: ${DEFAULT-VALUE}).")
  String format = "paddle";

  @Option(
      names = "--from",
      description = "Start from: production, pretrained or vN (default: ${DEFAULT-VALUE}).")
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
      names = "--out",
      description = "Where the model and its metrics go (default: ${DEFAULT-VALUE}).")
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
  record Hyper(int epochs, int batch, double learningRate) {
    /** The loop's settings: warm-up over half an epoch, the seed's L2 and clipping. */
    TrainingLoop.Settings settings(int samples) {
      return new TrainingLoop.Settings(
          epochs, batch, learningRate, Math.max(1, samples / batch / 2), 1e-5, 5, 1);
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
    if (!format.equals("paddle")) {
      throw new IllegalArgumentException("--format " + format + ": only paddle labels so far");
    }
    Hyper hyper = new Hyper(epochs, batch, learningRate);
    FineTune run =
        switch (what) {
          case "rec" -> new RecFineTune(data, validation, hyper);
          case "det" -> new DetFineTune(data, validation, hyper);
          default -> throw new IllegalArgumentException("train det or train rec, not " + what);
        };
    Files.createDirectories(out);
    Files.deleteIfExists(out.resolve("metrics.jsonl")); // one run's log
    // The registry holds the version to start from (an embedded one: the bundled version 1).
    try (EmbeddedPlatform embedded = kafka.connect(console);
        SchemaRegistryClient schemas = new RestSchemaRegistryClient(kafka.schemaRegistry);
        ModelOptions.OpenModels opened = models.open(kafka, schemas)) {
      ModelVersion base = base(opened, run.modelName());
      byte[] baseOnnx = opened.store().fetch(base.getArtifactUri(), base.getSha256());
      Map<String, Double> before = run.evaluate(baseOnnx);
      console.printf(
          "%s from v%d; before: %s%n", run.describe(), base.getVersion(), format(before));
      console.flush();
      long started = System.nanoTime();
      List<Double> losses = new ArrayList<>();
      byte[] trained = train(console, run, baseOnnx, losses);
      Map<String, Double> after = run.evaluate(trained);
      console.printf(
          Locale.ROOT, "after %.0f s: %s%n", (System.nanoTime() - started) / 1e9, format(after));
      Path file = out.resolve(what + ".onnx");
      Files.write(file, trained);
      log(Map.of("validation_before", before, "validation_after", after));
      LossChart.write(
          out.resolve("metrics.png"),
          losses,
          run.mainMetric(),
          before.get(run.mainMetric()),
          after.get(run.mainMetric()));
      console.printf(
          "model written to %s (log metrics.jsonl, chart metrics.png)%n", file.toAbsolutePath());
      if (publish) {
        publish(console, opened, run, base, before, trained, after);
      }
    }
    return 0;
  }

  private byte[] train(PrintWriter console, FineTune run, byte[] base, List<Double> losses) {
    return run.train(
        base,
        step -> {
          log(step);
          losses.add((Double) step.get("loss"));
          console.printf(
              Locale.ROOT,
              "  step %s  loss %.4f  lr %.2e%n",
              step.get("step"),
              (Double) step.get("loss"),
              (Double) step.get("lr"));
          console.flush();
        });
  }

  private void publish(
      PrintWriter console,
      ModelOptions.OpenModels opened,
      FineTune run,
      ModelVersion base,
      Map<String, Double> before,
      byte[] trained,
      Map<String, Double> after) {
    ModelVersion production = opened.registry().production(run.modelName()).orElseThrow();
    Map<String, Double> productionMetrics =
        production.getVersion() == base.getVersion()
            ? before
            : run.evaluate(
                opened.store().fetch(production.getArtifactUri(), production.getSha256()));
    Map<String, String> settings = new LinkedHashMap<>(run.settings());
    settings.put("data", data.toAbsolutePath().toString());
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

  private ModelVersion base(ModelOptions.OpenModels opened, String name) {
    if (from.equals("production")) {
      return opened.registry().production(name).orElseThrow();
    }
    if (from.equals("pretrained")) {
      return opened.registry().version(name, 1).orElseThrow();
    }
    if (!from.matches("v\\d+")) {
      throw new IllegalArgumentException(
          "--from must be production, pretrained or vN, got " + from);
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
            out.resolve("metrics.jsonl"),
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND)) {
      writer.write(new ObjectMapper().writeValueAsString(line));
      writer.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out.resolve("metrics.jsonl"), e);
    }
  }

  private static String format(Map<String, Double> metrics) {
    StringBuilder text = new StringBuilder();
    metrics.forEach((k, v) -> text.append(String.format(Locale.ROOT, "%s %.4f  ", k, v)));
    return text.toString().strip();
  }
}
