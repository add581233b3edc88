package io.platestream.detector.stage;

import java.time.Duration;

/**
 * How the detector stage groups frames: up to {@code maxFrames}, or what has arrived once the first
 * of them has waited {@code maxWait} of wall-clock time. {@code maxFrames} 1 runs each frame as it
 * comes (no buffer).
 *
 * <p>{@code workers} says how a batch runs. With 1, all its frames go through ONNX Runtime in one
 * run, which is what a GPU wants. With more, its frames are detected side by side, one per worker
 * thread, each in a run of its own: on a CPU two single-threaded runs at once get more out of the
 * cores than one run spread over both (measured in docs/BENCHMARKS.md), and the decoding and
 * post-processing around each run overlap too. Results leave in arrival order either way.
 */
public record Batching(int maxFrames, Duration maxWait, int workers) {
  public Batching {
    if (maxFrames < 1) {
      throw new IllegalArgumentException("a batch holds at least 1 frame, got " + maxFrames);
    }
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("the batch wait must be positive, got " + maxWait);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("a batch needs at least 1 worker, got " + workers);
    }
  }

  /** One inference run per batch. */
  public Batching(int maxFrames, Duration maxWait) {
    this(maxFrames, maxWait, 1);
  }

  public static Batching none() {
    return new Batching(1, Duration.ofMillis(100));
  }

  boolean enabled() {
    return maxFrames > 1;
  }

  public boolean sideBySide() {
    return workers > 1;
  }
}
