package io.platestream.app;

import ai.djl.ndarray.NDManager;
import io.platestream.datasets.evaluation.EvaluationReport;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.TextRegion;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import io.platestream.recognizer.inference.PlateRecognizer;
import io.platestream.training.det.DetectorTraining;
import io.platestream.training.graph.OnnxGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The detector on PaddleOCR detection labels ({@code det_labels.txt}): DBLoss on its probability
 * branch; scored as the stage runs it (PaddleOCR's detection metric, hmean the gate's metric, and
 * end to end with the bundled recogniser).
 */
final class DetFineTune implements FineTune {
  private final Path data;
  private final List<DetectorTraining.Sample> train = new ArrayList<>();
  private final List<DetectionLabel> validation;
  private final TrainCommand.Hyper hyper;

  DetFineTune(Path data, double validationShare, TrainCommand.Hyper hyper) throws IOException {
    Path labels = data.resolve("det_labels.txt");
    if (!Files.isRegularFile(labels)) {
      throw new IllegalArgumentException("no det_labels.txt in " + data);
    }
    List<DetectionLabel> all = new ArrayList<>(PaddleLabels.readDetection(labels, false).labels());
    Collections.shuffle(all, new Random(1));
    int held = Math.max(1, (int) Math.round(all.size() * validationShare));
    if (all.size() - held < hyper.batch()) {
      throw new IllegalArgumentException(
          all.size() + " images leave fewer than one batch of " + hyper.batch() + " to train on");
    }
    this.validation = List.copyOf(all.subList(0, held));
    for (DetectionLabel label : all.subList(held, all.size())) {
      train.add(
          new DetectorTraining.Sample(
              RecFineTune.image(data.resolve(label.imagePath())),
              label.regions().stream()
                  .filter(r -> !r.ignored())
                  .map(TextRegion::polygon)
                  .map(p -> p.points())
                  .toList()));
    }
    this.data = data;
    this.hyper = hyper;
  }

  @Override
  public String modelName() {
    return PretrainedModels.DETECTOR;
  }

  @Override
  public String mainMetric() {
    return "hmean";
  }

  @Override
  public String describe() {
    return "training on " + train.size() + " images, validating on " + validation.size();
  }

  @Override
  public Map<String, Double> evaluate(byte[] onnx) {
    try (OnnxDetectorModel detector =
            OnnxDetectorModel.load(onnx, "candidate", ExecutionProvider.CPU, 0);
        OnnxRecognizerModel recognizer = OnnxRecognizerModel.pretrained(0)) {
      EvaluationReport report =
          new ModelEvaluation(
                  PlateDetector.withDefaults(detector), PlateRecognizer.withDefaults(recognizer))
              .scenes(data, validation, line -> {});
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("hmean", report.detection().hmean());
      metrics.put("precision", report.detection().precision());
      metrics.put("recall", report.detection().recall());
      metrics.put("end_to_end_f", report.endToEnd().fMeasure());
      return metrics;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public byte[] train(byte[] base, Consumer<Map<String, Object>> step) {
    try (OnnxGraph graph = OnnxGraph.load(base, NDManager.newBaseManager())) {
      new DetectorTraining(graph, 960)
          .train(
              train,
              hyper.settings(train.size()),
              s -> step.accept(Map.of("step", s.step(), "loss", s.loss(), "lr", s.rate())));
      return graph.export();
    }
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>(hyper.asMap());
    settings.put("train_images", Integer.toString(train.size()));
    settings.put("validation_images", Integer.toString(validation.size()));
    return settings;
  }
}
