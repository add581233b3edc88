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
 *
 * <p>A metric that is a share of few samples moves in steps of one sample: with 8 validation crops,
 * one crop read differently is 0.125. Where {@code samples} gives a metric's count, a fall of one
 * sample is noise, not a fall, whatever {@code tolerance} says.
 *
 * @param samples how many samples each metric is a share of, where known
 */
public record QualityGate(
    String mainMetric,
    double margin,
    double tolerance,
    double realTolerance,
    Map<String, Integer> samples) {

  public QualityGate {
    samples = Map.copyOf(samples);
  }

  /** Without sample counts. */
  public QualityGate(String mainMetric, double margin, double tolerance, double realTolerance) {
    this(mainMetric, margin, tolerance, realTolerance, Map.of());
  }

  /** With the real-data tolerance of {@link RealMetrics#DEFAULT_TOLERANCE}. */
  public QualityGate(String mainMetric, double margin, double tolerance) {
    this(mainMetric, margin, tolerance, RealMetrics.DEFAULT_TOLERANCE);
  }

  /** The same gate, told how many samples each metric is a share of. */
  public QualityGate withSamples(Map<String, Integer> counts) {
    return new QualityGate(mainMetric, margin, tolerance, realTolerance, counts);
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
      double allowed = allowedFall(metric.getKey());
      if (!metric.getKey().equals(mainMetric)
          && !RealMetrics.isReal(metric.getKey())
          && value != null
          && value < metric.getValue() - allowed - 1e-9) {
        return new Verdict(
            false,
            String.format(
                Locale.ROOT,
                "%s falls from %.4f to %.4f, more than %s",
                metric.getKey(),
                metric.getValue(),
                value,
                allowed > tolerance
                    ? String.format(
                        Locale.ROOT,
                        "one of its %d samples (%.4f)",
                        samples.get(metric.getKey()),
                        allowed)
                    : String.format(Locale.ROOT, "the tolerance %.4f", tolerance)));
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

  /** The tolerance, or one sample's share where that is larger. */
  private double allowedFall(String metric) {
    Integer count = samples.get(metric);
    return count == null || count <= 0 ? tolerance : Math.max(tolerance, 1.0 / count);
  }
}
