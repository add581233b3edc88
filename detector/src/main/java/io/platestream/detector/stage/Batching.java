package io.platestream.detector.stage;

import java.time.Duration;

/**
 * How the detector stage groups frames into one inference run: up to {@code maxFrames}, or what has
 * arrived when {@code maxWait} of wall-clock time has passed. {@code maxFrames} 1 runs each frame
 * as it comes (no buffer).
 */
public record Batching(int maxFrames, Duration maxWait) {
  public Batching {
    if (maxFrames < 1) {
      throw new IllegalArgumentException("a batch holds at least 1 frame, got " + maxFrames);
    }
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("the batch wait must be positive, got " + maxWait);
    }
  }

  public static Batching none() {
    return new Batching(1, Duration.ofMillis(100));
  }

  boolean enabled() {
    return maxFrames > 1;
  }
}
