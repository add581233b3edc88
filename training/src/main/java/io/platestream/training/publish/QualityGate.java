package io.platestream.training.publish;

import io.platestream.training.eval.RealMetrics;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a fine-tuned version may replace production: its main metric must beat production's by at
 * least {@code margin}, no metric measured on real photographs may fall by more than {@code
 * realTolerance} (see {@link RealMetrics}), and no other metric by more than {@code tolerance}; all
 * measured on the same held-out data. Every metric here is "higher is better".
 */
public record QualityGate(
    String mainMetric, double margin, double tolerance, double realTolerance) {

  /** With the real-data tolerance of {@link RealMetrics#DEFAULT_TOLERANCE}. */
  public QualityGate(String mainMetric, double margin, double tolerance) {
    this(mainMetric, margin, tolerance, RealMetrics.DEFAULT_TOLERANCE);
  }

  /** The decision and why, for the operator and the version's status reason. */
  public record Verdict(boolean promote, String reason) {}

  public Verdict judge(Map<String, Double> candidate, Map<String, Double> production) {
    Double main = candidate.get(mainMetric);
    Double current = production.get(mainMetric);
    if (main == null || current == null) {
      throw new IllegalArgumentException("both sides need the main metric " + mainMetric);
    }
    Optional<String> fallen = RealMetrics.fallen(production, candidate, realTolerance);
    if (fallen.isPresent()) {
      return new Verdict(false, fallen.get());
    }
    if (main < current + margin) {
      return new Verdict(
          false,
          String.format(
              Locale.ROOT,
              "%s %.4f does not beat production's %.4f by %.4f",
              mainMetric,
              main,
              current,
              margin));
    }
    for (Map.Entry<String, Double> metric : production.entrySet()) {
      Double value = candidate.get(metric.getKey());
      if (!metric.getKey().equals(mainMetric)
          && !RealMetrics.isReal(metric.getKey())
          && value != null
          && value < metric.getValue() - tolerance) {
        return new Verdict(
            false,
            String.format(
                Locale.ROOT,
                "%s falls from %.4f to %.4f, more than the tolerance %.4f",
                metric.getKey(),
                metric.getValue(),
                value,
                tolerance));
      }
    }
    return new Verdict(
        true,
        String.format(
            Locale.ROOT,
            "%s %.4f beats production's %.4f by at least %.4f",
            mainMetric,
            main,
            current,
            margin));
  }
}
