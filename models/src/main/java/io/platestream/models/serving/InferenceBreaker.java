package io.platestream.models.serving;

import io.platestream.schemas.ModelRef;
import java.util.HashSet;
import java.util.Set;

/**
 * Counts the inference outcomes of the versions a stage serves, and trips when the serving version
 * fails {@code maxFailuresInARow} times with no success between: a version that passed its
 * signature check and warm-up but fails on real input. One bad input fails once and is outvoted by
 * the next success; a broken version fails every time. Which versions ever succeeded is kept too:
 * only such a version is a safe one to fall back to.
 */
final class InferenceBreaker {
  /** Failures in a row that make a version count as broken. */
  static final int DEFAULT_MAX_FAILURES_IN_A_ROW = 5;

  private final int maxFailuresInARow;
  private final Set<Integer> proven = new HashSet<>();
  private int failingVersion = -1;
  private int failuresInARow;

  InferenceBreaker(int maxFailuresInARow) {
    if (maxFailuresInARow < 1) {
      throw new IllegalArgumentException(
          "a breaker needs at least 1 failure to trip, got " + maxFailuresInARow);
    }
    this.maxFailuresInARow = maxFailuresInARow;
  }

  synchronized void succeeded(ModelRef ref) {
    proven.add(ref.getVersion());
    if (ref.getVersion() == failingVersion) {
      failuresInARow = 0;
    }
  }

  /** Counts a failure; whether it is the one that makes {@code ref} count as broken. */
  synchronized boolean failed(ModelRef ref) {
    if (ref.getVersion() != failingVersion) {
      failingVersion = ref.getVersion();
      failuresInARow = 0;
    }
    failuresInARow++;
    return failuresInARow == maxFailuresInARow;
  }

  synchronized boolean proven(int version) {
    return proven.contains(version);
  }

  int maxFailuresInARow() {
    return maxFailuresInARow;
  }
}
