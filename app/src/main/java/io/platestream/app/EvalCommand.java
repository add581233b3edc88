package io.platestream.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.platestream.datasets.LabelReadResult;
import io.platestream.datasets.evaluation.EvaluationReport;
import io.platestream.datasets.evaluation.PredictionEvaluation;
import io.platestream.datasets.metrics.EndToEndMetrics;
import io.platestream.datasets.metrics.PassEvaluator;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.datasets.render.SampleClip;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.detector.inference.PlateVerifier;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.pipeline.OpenModels;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.KafkaClients;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import io.platestream.recognizer.inference.PlateRecognizer;
import io.platestream.schemas.ModelVersion;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.training.data.LabelledData;
import io.platestream.training.eval.DatasetScoring;
import io.platestream.training.eval.ModelEvaluation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Scores a detector and recognizer against labels with PaddleOCR's metric definitions: by running
 * them (the pretrained pair, registry versions, or any ONNX files such as fine-tuned ones) on a
 * dataset; from prediction files in PaddleOCR's label formats; or from the pipeline's live output,
 * the events of a clip with ground-truth passes.
 */
@Command(
    name = "eval",
    description = {
      "Score models against ground truth with PaddleOCR's metrics.",
      "Prints the figures and writes them as JSON."
    })
final class EvalCommand implements Callable<Integer> {

  static final class Detection {
    @Option(
        names = "--det-labels",
        required = true,
        description = "Ground truth, PaddleOCR detection format.")
    Path labels;

    @Option(
        names = "--det-predictions",
        required = true,
        description = "Predictions, PaddleOCR detection format (transcriptions optional).")
    Path predictions;
  }

  static final class Recognition {
    @Option(
        names = "--rec-labels",
        required = true,
        description = "Ground truth, PaddleOCR recognition format.")
    Path labels;

    @Option(
        names = "--rec-predictions",
        required = true,
        description = "Predictions, PaddleOCR recognition format.")
    Path predictions;
  }

  static final class Models {
    @Option(
        names = "--data",
        required = true,
        description =
            "A dataset folder: PaddleOCR labels (det_labels.txt and rec_labels.txt, as 'dataset"
                + " synth' writes them; either may be missing) or, with --format ccpd, CCPD-named"
                + " .jpg images.")
    Path data;

    @Option(
        names = "--format",
        defaultValue = "paddle",
        description =
            "Label format of --data: paddle or ccpd (labels in the names of the .jpg files, as"
                + " 'train' reads them) (default: ${DEFAULT-VALUE}).")
    String format = "paddle";

    @Option(
        names = "--crop-labels",
        defaultValue = "rec_labels.txt",
        description =
            "The crops' PaddleOCR recognition label file in --data, such as validation.txt"
                + " (default: ${DEFAULT-VALUE}).")
    String cropLabels = "rec_labels.txt";

    @Option(
        names = "--detector",
        defaultValue = "pretrained",
        description =
            "Detector to run: 'pretrained', a registry version such as 'v2', or an .onnx file"
                + " (default: ${DEFAULT-VALUE}).")
    String detector = "pretrained";

    @Option(
        names = "--recognizer",
        defaultValue = "pretrained",
        description =
            "Recognizer to run: 'pretrained', a registry version such as 'v2', or an .onnx file"
                + " (default: ${DEFAULT-VALUE}).")
    String recognizer = "pretrained";

    @Option(
        names = "--plate-verifier",
        defaultValue = "none",
        description =
            "The detector's plate verifier, as 'detect --plate-verifier' takes it: 'none' (every"
                + " box the plate filter keeps), 'bundled', or a file 'train verifier' wrote"
                + " (default: ${DEFAULT-VALUE}).")
    String plateVerifier = "none";

    @Option(
        names = "--save-predictions",
        paramLabel = "DIR",
        description =
            "Also write what the models predicted, in PaddleOCR's label formats:"
                + " det_predictions.txt (boxes with their readings) and rec_predictions.txt (one"
                + " reading per labelled crop), for error analysis or scoring again.")
    Path savePredictions;
  }

  static final class Events {
    @Option(
        names = "--events-clip",
        required = true,
        description =
            "A clip played through the pipeline; its ground truth (<clip>.passes.json) is scored"
                + " against the events on Kafka.")
    Path clip;

    @Option(names = "--camera", description = "Only this camera's events.")
    String camera;

    @Option(
        names = "--events-topic",
        defaultValue = Topics.EVENTS,
        description = "Events topic (default: ${DEFAULT-VALUE}).")
    String topic = Topics.EVENTS;
  }

  @ArgGroup(exclusive = false)
  Events events;

  @Mixin KafkaOptions kafka;

  @Mixin ModelOptions modelOptions;

  @ArgGroup(exclusive = false)
  Models models;

  @ArgGroup(exclusive = false)
  Detection detection;

  @ArgGroup(exclusive = false)
  Recognition recognition;

  @Option(
      names = "--skip-bad",
      description = "Count and report malformed label lines instead of stopping at the first.")
  boolean skipBad;

  @Option(names = "--json", description = "Also write the metrics to this JSON file.")
  Path json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (detection == null && recognition == null && models == null && events == null) {
      throw new IllegalArgumentException(
          "give --data (run the models on a dataset), --det-labels/--det-predictions"
              + " and/or --rec-labels/--rec-predictions, or --events-clip (score live events)");
    }
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> results = new LinkedHashMap<>();
    if (models != null) {
      results.putAll(evaluateModels(out));
    }
    if (events != null) {
      results.putAll(evaluateEvents(out));
    }
    if (detection != null) {
      LabelReadResult<DetectionLabel> truth = PaddleLabels.readDetection(detection.labels, skipBad);
      LabelReadResult<DetectionLabel> predicted =
          PaddleLabels.readDetection(detection.predictions, skipBad);
      report(out, "labels", truth);
      report(out, "predictions", predicted);
      EvaluationReport report = PredictionEvaluation.detection(truth.labels(), predicted.labels());
      out.printf(
          "detection   precision %.4f  recall %.4f  hmean %.4f%n",
          report.detection().precision(), report.detection().recall(), report.detection().hmean());
      out.printf(
          "end-to-end  precision %.4f  recall %.4f  F %.4f%n",
          report.endToEnd().precision(), report.endToEnd().recall(), report.endToEnd().fMeasure());
      results.putAll(report.asMap());
    }
    if (recognition != null) {
      LabelReadResult<RecognitionLabel> truth =
          PaddleLabels.readRecognition(recognition.labels, skipBad);
      LabelReadResult<RecognitionLabel> predicted =
          PaddleLabels.readRecognition(recognition.predictions, skipBad);
      report(out, "labels", truth);
      report(out, "predictions", predicted);
      EvaluationReport report =
          PredictionEvaluation.recognition(truth.labels(), predicted.labels());
      out.printf(
          "recognition acc %.4f  norm_edit_dis %.4f  char_acc %.4f%n",
          report.recognition().accuracy(),
          report.recognition().normEditDistance(),
          report.recognition().charAccuracy());
      results.putAll(report.asMap());
    }
    if (json != null) {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(json.toFile(), results);
      out.println("metrics written to " + json.toAbsolutePath());
    }
    return 0;
  }

  /** Pass-level plate precision and recall of the events on Kafka against a clip's passes. */
  private Map<String, Object> evaluateEvents(PrintWriter out) throws IOException {
    List<String> truth = SampleClip.plates(events.clip);
    try (EmbeddedPlatform embedded = kafka.connect(out);
        SchemaRegistryClient schemas = kafka.registryClient()) {
      List<String> plates =
          KafkaClients.readAll(
                  kafka.bootstrapServers,
                  events.topic,
                  new AvroDeserializer<>(PlateEvent.class, schemas),
                  Duration.ofSeconds(60))
              .stream()
              .filter(e -> events.camera == null || events.camera.equals(e.getCameraId()))
              .filter(e -> !e.getProvisional()) // each pass once: its final event
              .map(PlateEvent::getPlate)
              .toList();
      EndToEndMetrics m = PassEvaluator.evaluate(plates, truth);
      out.printf(
          "passes      %d event(s) on %s, %d with a true plate; %d of %d true plates found%n",
          m.predictions(), events.topic, m.hits(), PassEvaluator.platesFound(m), m.groundTruths());
      out.printf(
          "passes      precision %.4f  recall %.4f  F %.4f%n",
          m.precision(), m.recall(), m.fMeasure());
      return PassEvaluator.asMap(m);
    }
  }

  private Map<String, Object> evaluateModels(PrintWriter out) throws IOException {
    Map<String, Object> results = new LinkedHashMap<>();
    try (var det = detector();
        var rec = recognizer()) {
      // The plate decoder and plate filter the recognize and detect stages run by default.
      ModelEvaluation evaluation =
          ModelEvaluation.chinese(
              PlateDetector.withVerifier(det, PlateVerifier.named(models.plateVerifier)),
              PlateRecognizer.withDefaults(rec));
      Consumer<String> progress =
          line -> {
            out.println("  " + line);
            out.flush();
          };
      out.printf(
          "evaluating detector %s and recognizer %s on %s%n",
          det.version(), rec.version(), models.data.toAbsolutePath());
      DatasetScoring.Dataset dataset =
          new DatasetScoring.Dataset(
              models.data, LabelledData.Format.parse(models.format), models.cropLabels);
      DatasetScoring scoring =
          new DatasetScoring(dataset, skipBad, models.savePredictions, out, progress);
      results.putAll(scoring.scenes(evaluation));
      results.putAll(scoring.crops(evaluation));
      results.put("models", Map.of("detector", det.version(), "recognizer", rec.version()));
    }
    return results;
  }

  private OnnxDetectorModel detector() throws IOException {
    if (models.detector.equals("pretrained")) {
      return OnnxDetectorModel.pretrained(ExecutionProvider.AUTO, 0);
    }
    Integer version = registryVersion(models.detector);
    if (version != null) {
      byte[] onnx = fromRegistry(PretrainedModels.DETECTOR, version).onnx();
      return OnnxDetectorModel.load(onnx, "v" + version, ExecutionProvider.AUTO, 0);
    }
    return OnnxDetectorModel.load(
        Files.readAllBytes(Path.of(models.detector)), models.detector, ExecutionProvider.AUTO, 0);
  }

  private OnnxRecognizerModel recognizer() throws IOException {
    if (models.recognizer.equals("pretrained")) {
      return OnnxRecognizerModel.pretrained(0);
    }
    Integer version = registryVersion(models.recognizer);
    if (version != null) {
      return OnnxRecognizerModel.load(
          fromRegistry(PretrainedModels.RECOGNIZER, version).onnx(), "v" + version, 0);
    }
    return OnnxRecognizerModel.load(
        Files.readAllBytes(Path.of(models.recognizer)), models.recognizer, 0);
  }

  /** The version number of 'v2', or null for anything else. */
  private static Integer registryVersion(String model) {
    return model.matches("v\\d+") ? Integer.valueOf(model.substring(1)) : null;
  }

  private record Fetched(byte[] onnx) {}

  /** A version's artifact from the registry on the Kafka named by the options (SHA-256 checked). */
  private Fetched fromRegistry(String name, int version) {
    if (kafka.bootstrapServers == null || kafka.schemaRegistry == null) {
      throw new IllegalArgumentException(
          "registry versions need --bootstrap-servers and --schema-registry (a new embedded"
              + " registry would hold only the bundled version 1: use 'pretrained')");
    }
    try (SchemaRegistryClient schemas = kafka.registryClient();
        OpenModels opened = modelOptions.open(kafka, schemas)) {
      ModelVersion found =
          opened
              .registry()
              .version(name, version)
              .orElseThrow(() -> new IllegalArgumentException(name + " has no version " + version));
      return new Fetched(opened.store().fetch(found.getArtifactUri(), found.getSha256()));
    }
  }

  private static void report(PrintWriter out, String what, LabelReadResult<?> result) {
    if (!result.skipped().isEmpty()) {
      out.println(what + ": " + result.summary());
    }
  }
}
