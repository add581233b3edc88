package io.platestream.training.eval;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Metrics measured on real photographs carry names that start with {@value #PREFIX}. Synthetic
 * figures can rise while real ones fall (a model learning the renderer's look), so a model that is
 * worse on real data than the one it would replace, by more than the noise of those small sets, is
 * refused whatever it gains elsewhere: by the best-checkpoint choice and by the quality gate.
 */
public final class RealMetrics {
  public static final String PREFIX = "real_";

  /** One crop in 507, about one plate in 145: smaller changes are noise on the shared sets. */
  public static final double DEFAULT_TOLERANCE = 0.005;

  private RealMetrics() {}

  public static boolean isReal(String metric) {
    return metric.startsWith(PREFIX);
  }

  /**
   * Why {@code candidate} is worse on real data than {@code reference} by more than {@code
   * tolerance}, or empty when it is not (or neither was measured on real data).
   */
  public static Optional<String> fallen(
      Map<String, Double> reference, Map<String, Double> candidate, double tolerance) {
    for (Map.Entry<String, Double> metric : reference.entrySet()) {
      Double value = candidate.get(metric.getKey());
      if (isReal(metric.getKey()) && value != null && value < metric.getValue() - tolerance) {
        return Optional.of(
            String.format(
                Locale.ROOT,
                "%s falls from %.4f to %.4f, more than the real-data tolerance %.4f",
                metric.getKey(),
                metric.getValue(),
                value,
                tolerance));
      }
    }
    return Optional.empty();
  }
}
