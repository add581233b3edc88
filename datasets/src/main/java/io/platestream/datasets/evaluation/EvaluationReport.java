package io.platestream.datasets.evaluation;

import io.platestream.datasets.metrics.DetectionMetrics;
import io.platestream.datasets.metrics.EndToEndMetrics;
import io.platestream.datasets.metrics.RecognitionMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics of one evaluation; a part is null when its labels were not given. Field names in {@link
 * #asMap()} follow PaddleOCR's reports (precision, recall, hmean, acc, norm_edit_dis).
 */
public record EvaluationReport(
    DetectionMetrics detection,
    EndToEndMetrics endToEnd,
    RecognitionMetrics recognition,
    int imagesWithoutPredictions) {

  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    if (detection != null) {
      map.put(
          "detection",
          Map.of(
              "precision",
              detection.precision(),
              "recall",
              detection.recall(),
              "hmean",
              detection.hmean(),
              "matched",
              detection.matched(),
              "ground_truths",
              detection.groundTruths(),
              "detections",
              detection.detections()));
    }
    if (endToEnd != null) {
      map.put("end_to_end", asMap(endToEnd));
    }
    if (recognition != null) {
      map.put("recognition", asMap(recognition));
    }
    map.put("images_without_predictions", imagesWithoutPredictions);
    return map;
  }

  /** End-to-end metrics under the names reports write them with. */
  public static Map<String, Object> asMap(EndToEndMetrics endToEnd) {
    return Map.of(
        "precision",
        endToEnd.precision(),
        "recall",
        endToEnd.recall(),
        "f_measure",
        endToEnd.fMeasure(),
        "hits",
        endToEnd.hits(),
        "predictions",
        endToEnd.predictions(),
        "ground_truths",
        endToEnd.groundTruths());
  }

  /** Recognition metrics under PaddleOCR's names, as reports write them (overall or per slice). */
  public static Map<String, Object> asMap(RecognitionMetrics recognition) {
    return Map.of(
        "acc",
        recognition.accuracy(),
        "norm_edit_dis",
        recognition.normEditDistance(),
        "char_acc",
        recognition.charAccuracy(),
        "samples",
        recognition.samples());
  }

  /** A map in the order written, so reports read the same every time. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2)
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return map;
  }
}
