package io.platestream.datasets.evaluation;

import io.platestream.datasets.metrics.DetectionEvaluator;
import io.platestream.datasets.metrics.EndToEndEvaluator;
import io.platestream.datasets.metrics.RecognitionEvaluator;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.datasets.paddle.TextRegion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores predictions written in PaddleOCR's label formats against ground-truth labels, matched by
 * image path. An image without a prediction line counts as "nothing found"; a prediction for an
 * image the labels do not have is an error, since it usually means the wrong label file.
 */
public final class PredictionEvaluation {

  /** Detection and end-to-end metrics; predicted transcriptions feed the end-to-end metric. */
  public static EvaluationReport detection(
      List<DetectionLabel> truth, List<DetectionLabel> predicted) {
    Map<String, DetectionLabel> byImage =
        index(
            predicted,
            DetectionLabel::imagePath,
            truth.stream().map(DetectionLabel::imagePath).toList());
    DetectionEvaluator det = new DetectionEvaluator();
    EndToEndEvaluator e2e = new EndToEndEvaluator();
    int missing = 0;
    for (DetectionLabel label : truth) {
      DetectionLabel prediction = byImage.get(label.imagePath());
      List<TextRegion> regions = prediction == null ? List.of() : prediction.regions();
      if (prediction == null) missing++;
      det.add(label.regions(), regions.stream().map(TextRegion::polygon).toList());
      e2e.add(label.regions(), regions);
    }
    return new EvaluationReport(det.result(), e2e.result(), null, missing);
  }

  public static EvaluationReport recognition(
      List<RecognitionLabel> truth, List<RecognitionLabel> predicted) {
    Map<String, RecognitionLabel> byImage =
        index(
            predicted,
            RecognitionLabel::imagePath,
            truth.stream().map(RecognitionLabel::imagePath).toList());
    RecognitionEvaluator rec = new RecognitionEvaluator();
    int missing = 0;
    for (RecognitionLabel label : truth) {
      RecognitionLabel prediction = byImage.get(label.imagePath());
      if (prediction == null) missing++;
      rec.add(prediction == null ? "" : prediction.text(), label.text());
    }
    return new EvaluationReport(null, null, rec.result(), missing);
  }

  private static <T> Map<String, T> index(
      List<T> items, java.util.function.Function<T, String> key, List<String> known) {
    Set<String> knownImages = new LinkedHashSet<>(known);
    Map<String, T> map = new HashMap<>();
    List<String> unknown = new ArrayList<>();
    for (T item : items) {
      String image = key.apply(item);
      if (!knownImages.contains(image)) unknown.add(image);
      if (map.put(image, item) != null) {
        throw new IllegalArgumentException("two predictions for image " + image);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          unknown.size()
              + " predictions name images the labels do not have (first: "
              + unknown.get(0)
              + "): are these predictions for another dataset?");
    }
    return map;
  }

  private PredictionEvaluation() {}
}
