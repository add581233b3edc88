package io.platestream.datasets.metrics;

/**
 * PaddleOCR's recognition metric ({@code RecMetric} with spaces ignored), plus character accuracy.
 * Plates print a separator dot that is not part of the plate: it is removed from both sides too.
 */
public final class RecognitionEvaluator {
  private int samples;
  private int correct;
  private double normalizedDistanceSum;
  private long editDistanceSum;
  private long truthCharacters;

  public void add(String predicted, String truth) {
    String p = normalize(predicted);
    String t = normalize(truth);
    samples++;
    if (p.equals(t)) correct++;
    normalizedDistanceSum += EditDistance.normalized(p, t);
    editDistanceSum += EditDistance.between(p, t);
    truthCharacters += t.codePointCount(0, t.length());
  }

  public RecognitionMetrics result() {
    if (samples == 0) {
      return new RecognitionMetrics(0, 0, 0, 0);
    }
    double charAccuracy =
        truthCharacters == 0 ? 0 : Math.max(0, 1 - (double) editDistanceSum / truthCharacters);
    return new RecognitionMetrics(
        (double) correct / samples, 1 - normalizedDistanceSum / samples, charAccuracy, samples);
  }

  /** Removes spaces and the plate separator dot (both U+00B7 and the full-width U+30FB form). */
  public static String normalize(String text) {
    return text == null ? "" : text.replace(" ", "").replace("·", "").replace("・", "");
  }
}
