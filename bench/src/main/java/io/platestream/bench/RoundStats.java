package io.platestream.bench;

import java.util.Arrays;
import java.util.Collection;

/** Median and range of a benchmark's rounds, as the benchmark tables report them. */
public record RoundStats(double median, double min, double max) {

  public static RoundStats of(Collection<Double> rounds) {
    double[] sorted = rounds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      return new RoundStats(Double.NaN, Double.NaN, Double.NaN);
    }
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new RoundStats(median, sorted[0], sorted[n - 1]);
  }

  public static RoundStats of(double[] rounds) {
    return of(Arrays.stream(rounds).boxed().toList());
  }
}
