package io.platestream.detector.stage;

import io.platestream.detector.inference.EncodedPlate;
import io.platestream.detector.inference.FrameSnapshot;
import io.platestream.detector.inference.NativeFrame;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.models.serving.ModelLease;
import io.platestream.schemas.ModelRef;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Frames being detected on worker threads, oldest first. On a worker each frame is decoded,
 * detected in an inference run of its own and its crops cut and encoded, all in native memory;
 * frames are taken back in arrival order only, so a camera's order holds however the workers
 * finish. Each frame holds its own model lease until it is taken (or the queue closed), so a hot
 * swap never closes a model under a worker. Used by the stream thread alone.
 */
final class FramesInFlight implements AutoCloseable {
  /**
   * A frame taken back: its detection, or (detection null) the failure of that frame alone; {@code
   * modelFault} when the frame decoded and the model failed on it.
   */
  record Taken(
      ReadFrame frame,
      ModelRef modelRef,
      DetectedFrame detected,
      RuntimeException failure,
      boolean modelFault) {}

  /** The model failed on a frame that decoded. */
  private static final class InferenceFailed extends RuntimeException {
    InferenceFailed(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private record InFlight(
      ReadFrame frame, ModelLease<PlateDetector> lease, Future<DetectedFrame> result) {}

  /** The name of every worker thread (profiles and the stage benchmark's CPU count go by it). */
  static final String WORKER_THREAD_NAME = DetectorWorkers.THREAD_NAME;

  private final ExecutorService workers;
  private final Deque<InFlight> queue = new ArrayDeque<>();

  FramesInFlight(int workers) {
    this.workers = Executors.newFixedThreadPool(workers, FramesInFlight::workerThread);
  }

  /** Sets the frame going on the next free worker with the model the lease holds. */
  void start(ReadFrame frame, ModelLease<PlateDetector> lease) {
    queue.addLast(new InFlight(frame, lease, workers.submit(() -> detect(frame, lease))));
  }

  int size() {
    return queue.size();
  }

  /**
   * The oldest frame once it is done: at once if it is, else null; with {@code wait}, waiting for
   * it. Null as well when none is in flight.
   */
  Taken takeOldest(boolean wait) {
    InFlight oldest = queue.peekFirst();
    if (oldest == null || (!wait && !oldest.result().isDone())) {
      return null;
    }
    queue.removeFirst();
    ModelRef ref = oldest.lease().ref();
    try (ModelLease<PlateDetector> lease = oldest.lease()) {
      return new Taken(oldest.frame(), ref, awaitUninterruptibly(oldest.result()), null, false);
    } catch (ExecutionException e) {
      RuntimeException failure = asRuntimeException(e.getCause());
      return failure instanceof InferenceFailed inference
          ? new Taken(oldest.frame(), ref, null, (RuntimeException) inference.getCause(), true)
          : new Taken(oldest.frame(), ref, null, failure, false);
    }
  }

  /**
   * Stops the workers and gives every lease back once no worker runs any more. Frames still in
   * flight are dropped here: their owner keeps them elsewhere (the changelogged store) to run
   * again.
   */
  @Override
  public void close() {
    workers.shutdownNow(); // a frame waiting for a worker never starts; a running one ends soon
    boolean interrupted = false;
    while (true) {
      try {
        if (workers.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    queue.forEach(frame -> frame.lease().close());
    queue.clear();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** On a worker; the model is taken from the lease there, where a test can hold it back. */
  private static DetectedFrame detect(ReadFrame frame, ModelLease<PlateDetector> lease) {
    PlateDetector detector = lease.model();
    NativeFrame image = FrameImages.decodeNative(frame.value());
    long started = System.nanoTime();
    List<EncodedPlate> plates;
    try {
      plates = detector.detectEncoded(image, FrameImages.CROP_JPEG_QUALITY);
    } catch (RuntimeException e) {
      throw new InferenceFailed(e);
    }
    byte[] snapshot = plates.isEmpty() ? null : FrameSnapshot.of(image);
    return new DetectedFrame(frame, plates, snapshot, System.nanoTime() - started);
  }

  private static Thread workerThread(Runnable work) {
    Thread thread = new Thread(work, WORKER_THREAD_NAME);
    thread.setDaemon(true);
    return thread;
  }

  private static RuntimeException asRuntimeException(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
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
