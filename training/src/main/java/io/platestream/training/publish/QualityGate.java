package io.platestream.training.publish;

import java.util.Locale;
import java.util.Map;

/**
 * Whether a fine-tuned version may replace production: its main metric must beat production's by at
 * least {@code margin}, and no other metric may fall by more than {@code tolerance}; both measured
 * on the same held-out data. Every metric here is "higher is better".
 */
public record QualityGate(String mainMetric, double margin, double tolerance) {

  /** The decision and why, for the operator and the version's status reason. */
  public record Verdict(boolean promote, String reason) {}

  public Verdict judge(Map<String, Double> candidate, Map<String, Double> production) {
    Double main = candidate.get(mainMetric);
    Double current = production.get(mainMetric);
    if (main == null || current == null) {
      throw new IllegalArgumentException("both sides need the main metric " + mainMetric);
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
