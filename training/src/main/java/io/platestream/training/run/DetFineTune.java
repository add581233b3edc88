package io.platestream.training.run;

import ai.djl.ndarray.NDManager;
import io.platestream.datasets.evaluation.EvaluationReport;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import io.platestream.recognizer.inference.PlateRecognizer;
import io.platestream.training.TrainingState;
import io.platestream.training.data.DetAugment;
import io.platestream.training.data.LabelledData;
import io.platestream.training.det.DetectorTraining;
import io.platestream.training.eval.ModelEvaluation;
import io.platestream.training.eval.RealValidation;
import io.platestream.training.graph.OnnxGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The detector on detection labels (PaddleOCR's {@code det_labels.txt} or CCPD): DBLoss on its
 * probability branch over augmented square crops; scored as the stage runs it (PaddleOCR's
 * detection metric, hmean the gate's metric, and end to end with the bundled recognizer).
 */
public final class DetFineTune implements FineTune {
  /** The stage's side limit: training crops are cut at the scale it runs frames at. */
  private static final int SIDE_LIMIT = 960;

  private final Path data;
  private final List<DetectorTraining.Sample> train;
  private final List<DetectionLabel> validation;
  private final FineTuneSettings hyper;
  private final DetAugment.Settings augment;
  private final RealValidation real;

  public DetFineTune(
      Path data, LabelledData.Format format, double validationShare, FineTuneSettings hyper)
      throws IOException {
    this(data, format, validationShare, hyper, RealValidation.Sets.none());
  }

  /**
   * @param real real street photos every version is also judged on (the candidate detector with the
   *     bundled recognizer), under {@code real_} metric names; real crops say nothing of a detector
   *     and are not read
   */
  public DetFineTune(
      Path data,
      LabelledData.Format format,
      double validationShare,
      FineTuneSettings hyper,
      RealValidation.Sets real)
      throws IOException {
    RealValidation.Sets photos = new RealValidation.Sets(null, null, real.photos());
    this.real = photos.isEmpty() ? null : new RealValidation(photos);
    Split<DetectionLabel> split =
        Split.of(LabelledData.detection(data, format), validationShare, hyper.batch(), "images");
    this.validation = split.validation();
    this.train =
        split.train().stream().map(label -> LabelledData.detectionSample(data, label)).toList();
    this.data = data;
    this.hyper = hyper;
    this.augment =
        hyper.augment()
            ? DetAugment.Settings.seed(hyper.size())
            : DetAugment.Settings.plain(hyper.size());
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
  public int totalSteps() {
    return hyper.settings(train.size()).totalSteps(train.size());
  }

  @Override
  public Map<String, Double> evaluate(byte[] onnx) {
    try (OnnxDetectorModel detector =
            OnnxDetectorModel.load(onnx, "candidate", ExecutionProvider.CPU, 0);
        OnnxRecognizerModel recognizer = OnnxRecognizerModel.pretrained(0)) {
      EvaluationReport report =
          ModelEvaluation.chinese(
                  PlateDetector.withDefaults(detector), PlateRecognizer.withDefaults(recognizer))
              .scenes(data, validation, line -> {});
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("hmean", report.detection().hmean());
      metrics.put("precision", report.detection().precision());
      metrics.put("recall", report.detection().recall());
      metrics.put("end_to_end_f", report.endToEnd().fMeasure());
      if (real != null) {
        metrics.putAll(
            real.score(
                PlateDetector.withDefaults(detector), PlateRecognizer.withDefaults(recognizer)));
      }
      return metrics;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public byte[] train(byte[] base, TrainingState resume, Progress progress) {
    try (OnnxGraph graph = OnnxGraph.load(base, NDManager.newBaseManager())) {
      new DetectorTraining(graph, SIDE_LIMIT, augment, hyper.thresholdHead())
          .train(train, hyper.settings(train.size()), progress.of(graph), resume);
      return graph.export();
    }
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>(hyper.asMap());
    settings.put("augment", augment.toString());
    settings.put("loss", hyper.thresholdHead() ? "DBLoss (threshold head grafted)" : "shrink only");
    settings.put("train_images", Integer.toString(train.size()));
    settings.put("validation_images", Integer.toString(validation.size()));
    return settings;
  }
}
