package io.platestream.datasets.evaluation;

import io.platestream.datasets.metrics.RecognitionEvaluator;
import io.platestream.datasets.metrics.RecognitionMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Recognition metrics per slice of a dataset ({@link CropSlices}), in the slices' order. */
public final class RecognitionBreakdown {
  private final CropSlices slices;
  private final Map<String, RecognitionEvaluator> bySlice = new TreeMap<>();

  public RecognitionBreakdown(CropSlices slices) {
    this.slices = slices;
  }

  public void add(String cropPath, String predicted, String truth) {
    for (String slice : slices.of(cropPath)) {
      bySlice.computeIfAbsent(slice, s -> new RecognitionEvaluator()).add(predicted, truth);
    }
  }

  /** Only the slices that have samples. */
  public Map<String, RecognitionMetrics> result() {
    Map<String, RecognitionMetrics> result = new LinkedHashMap<>();
    for (String slice : CropSlices.order()) {
      RecognitionEvaluator evaluator = bySlice.get(slice);
      if (evaluator != null) result.put(slice, evaluator.result());
    }
    return result;
  }
}
