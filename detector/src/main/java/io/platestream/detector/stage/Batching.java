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
 * maxFrames} are in flight.
 *
 * <p>Results leave in arrival order either way.
 */
public sealed interface Batching permits Batching.Batched, Batching.SideBySide {
  /**
   * Frames in flight per side-by-side worker. One: with a backlog, two per worker detected no more
   * frames (within noise) and doubled each frame's time in the stage (p50 about 600 against 340 ms
   * on 2 cores, docs/benchmarks-journal.md), as a queue that stays full does.
   */
  int IN_FLIGHT_PER_WORKER = 1;

  /** The most frames in a batch, or in flight side by side. */
  int maxFrames();

  /** Worker threads running inference: 1 for batches. */
  int workers();

  /**
   * One inference run per batch of up to {@code maxFrames}, or what has arrived once the first
   * frame has waited {@code maxWait}.
   */
  record Batched(int maxFrames, Duration maxWait) implements Batching {
    public Batched {
      if (maxFrames < 1) {
        throw new IllegalArgumentException("a batch holds at least 1 frame, got " + maxFrames);
      }
      if (maxWait.isNegative() || maxWait.isZero()) {
        throw new IllegalArgumentException("the batch wait must be positive, got " + maxWait);
      }
    }

    @Override
    public int workers() {
      return 1;
    }
  }

  /** Frames side by side on {@code workers} threads, at most {@code maxFrames} in flight. */
  record SideBySide(int workers, int maxFrames) implements Batching {
    public SideBySide {
      if (workers < 2) {
        throw new IllegalArgumentException("side by side means at least 2 workers, got " + workers);
      }
      if (maxFrames < workers) {
        throw new IllegalArgumentException(
            workers
                + " side-by-side workers need at least as many frames in flight, not "
                + maxFrames);
      }
    }
  }

  /** Each frame in a run of its own as it comes (no buffer). */
  static Batching none() {
    return new Batched(1, Duration.ofMillis(100));
  }

  static Batching batched(int maxFrames, Duration maxWait) {
    return new Batched(maxFrames, maxWait);
  }

  /** Frames side by side on {@code workers} threads, one per worker in flight. */
  static Batching sideBySide(int workers) {
    return new SideBySide(workers, IN_FLIGHT_PER_WORKER * workers);
  }

  /** Whether frames wait in the changelogged store (a batch filling, or frames in flight). */
  default boolean enabled() {
    return maxFrames() > 1 || workers() > 1;
  }

  default boolean sideBySide() {
    return this instanceof SideBySide;
  }
}
