package io.platestream.ingest.worker;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential reconnect delays with jitter: attempt {@code n} waits a random time between half and
 * all of {@code min(initial * 2^n, max)}, so that cameras dropped by one network fault do not all
 * come back in the same instant. A connection that delivered frames resets the count.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;
  private int attempt;

  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial <= max, got " + initial + " and " + max);
    }
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  public Duration next() {
    double ceiling =
        Math.min(max.toNanos(), initial.toNanos() * Math.pow(2, Math.min(attempt, 30)));
    attempt++;
    return Duration.ofNanos((long) (ceiling * (0.5 + 0.5 * random.getAsDouble())));
  }

  public void reset() {
    attempt = 0;
  }
}
