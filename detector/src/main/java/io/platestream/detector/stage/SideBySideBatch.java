package io.platestream.detector.stage;

import io.platestream.detector.inference.DetectedPlate;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.models.serving.ModelLease;
import io.platestream.schemas.ModelRef;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A batch whose frames are being detected on worker threads: each frame decoded, detected in an
 * inference run of its own, and its crops encoded. It holds the model lease until it is closed, so
 * a hot swap waits for the batch instead of closing the model under a worker.
 */
final class SideBySideBatch implements AutoCloseable {
  private final List<ReadFrame> frames;
  private final List<Future<DetectedFrame>> results;
  private final ModelLease<PlateDetector> lease;

  private SideBySideBatch(
      List<ReadFrame> frames,
      List<Future<DetectedFrame>> results,
      ModelLease<PlateDetector> lease) {
    this.frames = frames;
    this.results = results;
    this.lease = lease;
  }

  static SideBySideBatch start(
      List<ReadFrame> frames, ModelLease<PlateDetector> lease, ExecutorService workers) {
    List<Future<DetectedFrame>> results = new ArrayList<>(frames.size());
    for (ReadFrame frame : frames) {
      results.add(workers.submit(() -> detect(frame, lease.model())));
    }
    return new SideBySideBatch(List.copyOf(frames), results, lease);
  }

  private static DetectedFrame detect(ReadFrame frame, PlateDetector detector) {
    BufferedImage image = FrameImages.decode(frame.value());
    long started = System.nanoTime();
    List<DetectedPlate> plates = detector.detect(List.of(image)).get(0);
    return DetectedFrame.of(frame, image, plates, System.nanoTime() - started);
  }

  List<ReadFrame> frames() {
    return frames;
  }

  ModelRef modelRef() {
    return lease.ref();
  }

  /** Whether every frame has its outcome, so taking them will not wait. */
  boolean done() {
    return results.stream().allMatch(Future::isDone);
  }

  /**
   * Frame {@code index} detected, waiting for it if need be; the failure of that frame alone (a
   * corrupt JPEG, an inference error) as the {@link ExecutionException}'s cause.
   */
  DetectedFrame result(int index) throws ExecutionException {
    return awaitUninterruptibly(results.get(index));
  }

  /** Waits for every frame, so that no worker still uses the model, then gives the lease back. */
  @Override
  public void close() {
    for (Future<DetectedFrame> result : results) {
      try {
        awaitUninterruptibly(result);
      } catch (ExecutionException e) {
        // a frame that failed is no longer using the model either
      }
    }
    lease.close();
  }

  /** Waits even through an interrupt (which is kept): no frame takes long. */
  private static <T> T awaitUninterruptibly(Future<T> future) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return future.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
