package io.platestream.detector.stage;

import io.platestream.detector.inference.ExecutionProvider;
import java.time.Duration;

/**
 * How many detector workers run, how frames are batched among them and how many threads each
 * inference run gets, from what an operator asked for (0 meaning "choose for this hardware").
 * Errors name the command-line flags, since that is where the numbers come from.
 */
public final class DetectorWorkers {
  private DetectorWorkers() {}

  /** The name of every side-by-side worker thread, so CPU time can be told apart by thread. */
  public static final String THREAD_NAME = "detector-worker";

  /**
   * Side-by-side workers when none are asked for: on 2 CPU cores two single-threaded runs at once
   * detect about 1.5x the frames of one run on both (docs/BENCHMARKS.md).
   */
  public static final int CPU_WORKERS = 2;

  /** The workers asked for, or for 0 {@value #CPU_WORKERS} on the CPU and 1 with CUDA. */
  public static int workers(int workers, ExecutionProvider provider) {
    if (workers < 0) {
      throw new IllegalArgumentException("--workers must be 0 (auto) or more, not " + workers);
    }
    if (workers > 0) {
      return workers;
    }
    return provider.expected() == ExecutionProvider.CPU ? CPU_WORKERS : 1;
  }

  /**
   * One run per batch with one worker; side by side with more, {@code batchFrames} (when above 1)
   * the most in flight, else one per worker.
   */
  public static Batching batching(int batchFrames, long batchWaitMs, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("--workers must be at least 1, not " + workers);
    }
    if (workers == 1) {
      return Batching.batched(batchFrames, Duration.ofMillis(batchWaitMs));
    }
    if (batchFrames == 1) {
      return Batching.sideBySide(workers);
    }
    if (batchFrames < workers) {
      throw new IllegalArgumentException(
          "--workers "
              + workers
              + " keeps at most --batch-frames frames in flight, so --batch-frames must be at least "
              + workers
              + " (it is "
              + batchFrames
              + "), or left out for one per worker");
    }
    return new Batching.SideBySide(workers, batchFrames);
  }

  /** The explicit count, else ONNX Runtime's default for one worker, else the cores shared out. */
  public static int intraOpThreads(int threads, int workers) {
    if (threads > 0 || workers == 1) {
      return threads;
    }
    return Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
  }
}
