package io.platestream.detector.stage;

import java.time.Duration;

/**
 * How the detector stage runs frames through the model.
 *
 * <p>With one worker, frames are grouped into batches of up to {@code maxFrames}, or what has
 * arrived once the first of them has waited {@code maxWait} of wall-clock time, and each batch goes
 * through ONNX Runtime in one run: what a GPU wants. {@code maxFrames} 1 runs each frame as it
 * comes (no buffer).
 *
 * <p>With more workers, frames are detected side by side, one per worker thread, each in a run of
 * its own: on a CPU two single-threaded runs at once get more out of the cores than one run spread
 * over both (measured in docs/BENCHMARKS.md), and the decoding and post-processing around each run
 * overlap too. No frame waits for a batch to fill: each starts as it arrives, at most {@code
 * maxFrames} are in flight, and {@code maxWait} is not used.
 *
 * <p>Results leave in arrival order either way.
 */
public record Batching(int maxFrames, Duration maxWait, int workers) {
  /**
   * Frames in flight per side-by-side worker. One: with a backlog, two per worker detected no more
   * frames (within noise) and doubled each frame's time in the stage (p50 about 600 against 340 ms
   * on 2 cores, docs/benchmarks-journal.md), as a queue that stays full does.
   */
  static final int IN_FLIGHT_PER_WORKER = 1;

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
    if (workers > 1 && maxFrames < workers) {
      throw new IllegalArgumentException(
          workers
              + " side-by-side workers need at least as many frames in flight, not "
              + maxFrames);
    }
  }

  /** One inference run per batch. */
  public Batching(int maxFrames, Duration maxWait) {
    this(maxFrames, maxWait, 1);
  }

  public static Batching none() {
    return new Batching(1, Duration.ofMillis(100));
  }

  /** Frames side by side on {@code workers} threads, one per worker in flight. */
  public static Batching sideBySide(int workers) {
    return new Batching(IN_FLIGHT_PER_WORKER * workers, Duration.ofMillis(100), workers);
  }

  /** Whether frames wait in the changelogged store (a batch filling, or frames in flight). */
  boolean enabled() {
    return maxFrames > 1 || workers > 1;
  }

  public boolean sideBySide() {
    return workers > 1;
  }
}
