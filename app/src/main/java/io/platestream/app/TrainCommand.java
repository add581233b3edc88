package io.platestream.app;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.datasets.image.Images;
import io.platestream.datasets.metrics.RecognitionMetrics;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.recognizer.inference.CharacterDictionary;
import io.platestream.schemas.ModelVersion;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.training.graph.OnnxGraph;
import io.platestream.training.publish.QualityGate;
import io.platestream.training.rec.RecognizerTraining;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Fine-tunes the recogniser on labelled crops, scores it against the version it started from on a
 * held-out split, and publishes it to the registry with a quality gate.
 */
@Command(
    name = "train",
    description = {
      "Fine-tune a model on labelled plates; with --publish, register it as a candidate and promote",
      "it only if it beats production on held-out data. Today: rec (PaddleOCR recognition labels)."
    })
final class TrainCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "rec (the recogniser; det follows)")
  String what;

  @Option(
      names = "--data",
      required = true,
      description = "Dataset folder with rec_labels.txt (as 'dataset synth' writes).")
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
      description = "Accuracy gain over production needed to promote (default: ${DEFAULT-VALUE}).")
  double margin = 0.01;

  @Option(
      names = "--tolerance",
      description = "Largest fall of any other metric (default: ${DEFAULT-VALUE}).")
  double tolerance = 0.02;

  @Mixin KafkaOptions kafka;

  @Mixin ModelOptions models;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    if (!what.equals("rec")) {
      throw new IllegalArgumentException(
          "only 'train rec' exists so far (detector training: issue 11)");
    }
    if (!format.equals("paddle")) {
      throw new IllegalArgumentException(
          "--format " + format + ": only paddle recognition labels so far");
    }
    List<RecognizerTraining.Sample> all = samples();
    Collections.shuffle(all, new Random(1));
    int held = Math.max(1, (int) Math.round(all.size() * validation));
    if (all.size() - held < batch) {
      throw new IllegalArgumentException(
          all.size() + " crops leave fewer than one batch of " + batch + " to train on");
    }
    List<RecognizerTraining.Sample> validationSet = all.subList(0, held);
    List<RecognizerTraining.Sample> trainSet = all.subList(held, all.size());
    Files.createDirectories(out);
    // The registry holds the version to start from (an embedded one: the bundled version 1).
    try (EmbeddedPlatform embedded = kafka.connect(console);
        SchemaRegistryClient schemas = new RestSchemaRegistryClient(kafka.schemaRegistry);
        ModelOptions.OpenModels opened = models.open(kafka, schemas)) {
      Base base = base(opened);
      Trained trained = train(console, base, trainSet, validationSet);
      if (!publish) {
        return 0;
      }
      ModelVersion production =
          opened.registry().production(PretrainedModels.RECOGNIZER).orElseThrow();
      Map<String, Double> productionMetrics =
          production.getVersion() == base.version
              ? trained.before()
              : metrics(
                  evaluate(
                      opened.store().fetch(production.getArtifactUri(), production.getSha256()),
                      validationSet));
      Map<String, String> config = new LinkedHashMap<>();
      config.put("epochs", Integer.toString(epochs));
      config.put("batch", Integer.toString(batch));
      config.put("lr", Double.toString(learningRate));
      config.put("train_crops", Integer.toString(trainSet.size()));
      config.put("validation_crops", Integer.toString(validationSet.size()));
      config.put("data", data.toAbsolutePath().toString());
      ModelVersion candidate =
          opened
              .catalog()
              .publish(
                  PretrainedModels.RECOGNIZER,
                  trained.onnx(),
                  base.dictionary,
                  trained.after(),
                  config,
                  base.version,
                  "fine-tuned by platestream train rec");
      QualityGate.Verdict verdict =
          new QualityGate("accuracy", margin, tolerance).judge(trained.after(), productionMetrics);
      console.printf(
          "published %s v%d as a candidate (parent v%s)%n",
          candidate.getModelName(), candidate.getVersion(), base.version);
      if (verdict.promote()) {
        opened
            .catalog()
            .promote(
                PretrainedModels.RECOGNIZER,
                candidate.getVersion(),
                "quality gate: " + verdict.reason());
        console.printf(
            "promoted v%d to production: %s%n", candidate.getVersion(), verdict.reason());
      } else {
        console.printf("v%d stays a candidate: %s%n", candidate.getVersion(), verdict.reason());
      }
      console.printf("training configuration: %s%n", config);
    }
    return 0;
  }

  private record Base(byte[] onnx, int version, List<String> dictionary) {}

  private record Trained(byte[] onnx, Map<String, Double> before, Map<String, Double> after) {}

  private Base base(ModelOptions.OpenModels opened) {
    ModelVersion version =
        switch (from) {
          case "production" ->
              opened.registry().production(PretrainedModels.RECOGNIZER).orElseThrow();
          case "pretrained" ->
              opened.registry().version(PretrainedModels.RECOGNIZER, 1).orElseThrow();
          default -> {
            if (!from.matches("v\\d+")) {
              throw new IllegalArgumentException(
                  "--from must be production, pretrained or vN, got " + from);
            }
            int number = Integer.parseInt(from.substring(1));
            yield opened
                .registry()
                .version(PretrainedModels.RECOGNIZER, number)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException("plate-recognizer has no version " + number));
          }
        };
    return new Base(
        opened.store().fetch(version.getArtifactUri(), version.getSha256()),
        version.getVersion(),
        version.getDictionary());
  }

  private Trained train(
      PrintWriter console,
      Base base,
      List<RecognizerTraining.Sample> trainSet,
      List<RecognizerTraining.Sample> validationSet)
      throws IOException {
    try (OnnxGraph graph = OnnxGraph.load(base.onnx, NDManager.newBaseManager());
        BufferedWriter log = Files.newBufferedWriter(out.resolve("metrics.jsonl"))) {
      RecognizerTraining training =
          new RecognizerTraining(graph, CharacterDictionary.ppocrKeysV1());
      ObjectMapper json = new ObjectMapper();
      Map<String, Double> before = metrics(training.evaluate(validationSet));
      console.printf(
          "training on %d crops, validating on %d; before: %s%n",
          trainSet.size(), validationSet.size(), format(before));
      console.flush();
      long started = System.nanoTime();
      training.train(
          trainSet,
          new RecognizerTraining.Settings(
              epochs,
              batch,
              learningRate,
              Math.max(1, trainSet.size() / batch / 2),
              1e-5,
              5,
              null,
              1),
          step -> {
            try {
              log.write(
                  json.writeValueAsString(
                      Map.of("step", step.step(), "loss", step.loss(), "lr", step.rate())));
              log.newLine();
            } catch (IOException e) {
              throw new IllegalStateException("cannot write " + out.resolve("metrics.jsonl"), e);
            }
            console.printf(
                Locale.ROOT,
                "  step %d  loss %.4f  lr %.2e%n",
                step.step(),
                step.loss(),
                step.rate());
            console.flush();
          });
      Map<String, Double> after = metrics(training.evaluate(validationSet));
      console.printf(
          Locale.ROOT, "after %.0f s: %s%n", (System.nanoTime() - started) / 1e9, format(after));
      byte[] onnx = graph.export();
      Files.write(out.resolve("rec.onnx"), onnx);
      log.write(
          json.writeValueAsString(Map.of("validation_before", before, "validation_after", after)));
      log.newLine();
      console.printf("model written to %s%n", out.resolve("rec.onnx").toAbsolutePath());
      return new Trained(onnx, before, after);
    }
  }

  private RecognitionMetrics evaluate(byte[] onnx, List<RecognizerTraining.Sample> samples) {
    try (OnnxGraph graph = OnnxGraph.load(onnx, NDManager.newBaseManager())) {
      return new RecognizerTraining(graph, CharacterDictionary.ppocrKeysV1()).evaluate(samples);
    }
  }

  private static Map<String, Double> metrics(RecognitionMetrics m) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", m.accuracy());
    metrics.put("norm_edit_dis", m.normEditDistance());
    metrics.put("char_acc", m.charAccuracy());
    return metrics;
  }

  private static String format(Map<String, Double> metrics) {
    StringBuilder text = new StringBuilder();
    metrics.forEach((k, v) -> text.append(String.format(Locale.ROOT, "%s %.4f  ", k, v)));
    return text.toString().strip();
  }

  private List<RecognizerTraining.Sample> samples() throws IOException {
    Path labels = data.resolve("rec_labels.txt");
    if (!Files.isRegularFile(labels)) {
      throw new IllegalArgumentException("no rec_labels.txt in " + data);
    }
    List<RecognizerTraining.Sample> samples = new ArrayList<>();
    for (RecognitionLabel label : PaddleLabels.readRecognition(labels, false).labels()) {
      Path file = data.resolve(label.imagePath());
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) {
        throw new IllegalArgumentException(file + " is not an image");
      }
      samples.add(new RecognizerTraining.Sample(Images.toRgb(image), label.text()));
    }
    return samples;
  }
}
