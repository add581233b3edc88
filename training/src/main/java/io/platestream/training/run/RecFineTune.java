package io.platestream.training.run;

import ai.djl.ndarray.NDManager;
import io.platestream.datasets.metrics.RecognitionMetrics;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.recognizer.inference.CharacterDictionary;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import io.platestream.recognizer.inference.PlateRecognizer;
import io.platestream.training.TrainingState;
import io.platestream.training.data.LabelledData;
import io.platestream.training.data.RecAugment;
import io.platestream.training.eval.RealValidation;
import io.platestream.training.graph.OnnxGraph;
import io.platestream.training.rec.RecognizerTraining;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The recognizer on labelled crops (PaddleOCR's {@code rec_labels.txt} or CCPD): CTC, accuracy. */
public final class RecFineTune implements FineTune {
  private final List<RecognizerTraining.Sample> train;
  private final List<RecognizerTraining.Sample> validation;
  private final FineTuneSettings hyper;
  private final RecAugment.Settings augment;
  private final RealValidation real;
  private final boolean siteLabels;

  public RecFineTune(
      Path data, LabelledData.Format format, double validationShare, FineTuneSettings hyper)
      throws IOException {
    this(data, format, validationShare, hyper, RealValidation.Sets.none());
  }

  /**
   * @param real real photographs every version is also judged on (the candidate recognizer with the
   *     bundled detector), under {@code real_} metric names
   */
  public RecFineTune(
      Path data,
      LabelledData.Format format,
      double validationShare,
      FineTuneSettings hyper,
      RealValidation.Sets real)
      throws IOException {
    this.real = real.isEmpty() ? null : new RealValidation(real);
    this.siteLabels = real.site() != null;
    Split<RecognizerTraining.Sample> split =
        Split.of(LabelledData.recognition(data, format), validationShare, hyper.batch(), "crops");
    this.validation = split.validation();
    this.train = split.train();
    this.hyper = hyper;
    this.augment = hyper.augment() ? RecAugment.Settings.seed() : RecAugment.Settings.none();
  }

  @Override
  public String modelName() {
    return PretrainedModels.RECOGNIZER;
  }

  /**
   * Exact crops on the held-out share of {@code data}; or, when the site's own labels are given,
   * exact plates on their validation half: fine-tuning on a site's labels is for reading that
   * site's cameras better, so that is what picks the best checkpoint and what the gate promotes on
   * (the other real sets may still not fall).
   */
  @Override
  public String mainMetric() {
    return siteLabels ? RealValidation.SITE_ACCURACY : "accuracy";
  }

  @Override
  public String describe() {
    return "training on " + train.size() + " crops, validating on " + validation.size();
  }

  @Override
  public int totalSteps() {
    return hyper.settings(train.size()).totalSteps(train.size());
  }

  @Override
  public Map<String, Double> evaluate(byte[] onnx) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    try (OnnxGraph graph = OnnxGraph.load(onnx, NDManager.newBaseManager())) {
      RecognitionMetrics m =
          new RecognizerTraining(graph, CharacterDictionary.ppocrKeysV1()).evaluate(validation);
      metrics.put("accuracy", m.accuracy());
      metrics.put("norm_edit_dis", m.normEditDistance());
      metrics.put("char_acc", m.charAccuracy());
    }
    if (real != null) {
      try (OnnxRecognizerModel recognizer = OnnxRecognizerModel.load(onnx, "candidate", 0);
          OnnxDetectorModel detector = OnnxDetectorModel.pretrained(ExecutionProvider.CPU, 0)) {
        metrics.putAll(
            real.score(
                PlateDetector.withDefaults(detector), PlateRecognizer.withDefaults(recognizer)));
      }
    }
    return metrics;
  }

  @Override
  public byte[] train(byte[] base, TrainingState resume, Progress progress) {
    try (OnnxGraph graph = OnnxGraph.load(base, NDManager.newBaseManager())) {
      new RecognizerTraining(graph, CharacterDictionary.ppocrKeysV1(), augment)
          .train(train, hyper.settings(train.size()), null, progress.of(graph), resume);
      return graph.export();
    }
  }

  /** Exact, edit-distance and character scores are means over the validation crops. */
  @Override
  public Map<String, Integer> samples() {
    int crops = validation.size();
    return Map.of("accuracy", crops, "norm_edit_dis", crops, "char_acc", crops);
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>(hyper.asMap());
    settings.put(
        "augment", augment.equals(RecAugment.Settings.none()) ? "none" : augment.toString());
    settings.put("train_crops", Integer.toString(train.size()));
    settings.put("validation_crops", Integer.toString(validation.size()));
    return settings;
  }
}
