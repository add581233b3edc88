package io.platestream.detector.stage;

import io.platestream.datasets.geometry.Point2;
import io.platestream.detector.inference.DetectedPlate;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.models.serving.ModelLease;
import io.platestream.models.serving.ModelSource;
import io.platestream.models.serving.Shadow;
import io.platestream.schemas.DeadLetters;
import io.platestream.schemas.Frame;
import io.platestream.schemas.FrameRef;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.Quad;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Frames in, one {@link PlateDetection} per plate out. Reads raw bytes and decodes them itself, so
 * that every kind of poison (not Avro, unknown schema, corrupt JPEG, inference failure) goes to the
 * dead-letter child with its original bytes and the cause in headers, and the next frame is
 * processed as usual.
 *
 * <p>With batching, frames wait in the changelogged store {@value DetectorTopology#PENDING_STORE}
 * until the batch is full or its first frame has waited the wall-clock wait, then run in one
 * inference. The buffer is part of the task's exactly-once state: a frame whose input offset is
 * committed is either already detected or still in the store (restored from the changelog after a
 * crash), never lost and never detected twice. Frames leave in arrival order, so each camera's
 * order holds.
 *
 * <p>With several workers, a batch's frames are decoded, detected and their crops encoded side by
 * side on worker threads, each frame in an inference run of its own; only the stream thread
 * forwards, in arrival order, so ordering and the transaction are as with one worker.
 *
 * <p>With a shadow version, each frame in its share is also run through the shadow after
 * production, and the comparison goes to the shadow topic; a shadow failure is counted and never
 * touches the production output.
 */
final class DetectProcessor implements Processor<String, byte[], String, Object> {
  private final Deserializer<Frame> frames;
  private final ModelSource<PlateDetector> detectors;
  private final Shadow<PlateDetector> shadow;
  private final DetectorMetrics metrics;
  private final Batching batching;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<Long, byte[]> pending;
  private long nextKey;
  private int pendingCount;
  private long oldestPendingSinceMs; // wall clock: when the oldest pending frame arrived
  private ExecutorService workers; // null: each batch runs in one inference run

  DetectProcessor(
      Deserializer<Frame> frames,
      ModelSource<PlateDetector> detectors,
      Shadow<PlateDetector> shadow,
      DetectorMetrics metrics,
      Batching batching) {
    this.frames = frames;
    this.detectors = detectors;
    this.shadow = shadow;
    this.metrics = metrics;
    this.batching = batching;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    if (batching.enabled() && batching.sideBySide()) {
      workers = Executors.newFixedThreadPool(batching.workers(), DetectProcessor::workerThread);
    }
    if (batching.enabled()) {
      pending = context.getStateStore(DetectorTopology.PENDING_STORE);
      try (KeyValueIterator<Long, byte[]> all = pending.all()) {
        while (all.hasNext()) { // frames left by the last run, restored from the changelog
          nextKey = Math.max(nextKey, all.next().key + 1);
          pendingCount++;
        }
      }
      oldestPendingSinceMs = context.currentSystemTimeMs();
      // Checked a few times per wait, so a batch waits at most about maxWait after its first
      // frame; flushing on every tick instead cut batches short whenever detection took longer
      // than the wait (measured: mostly partial batches under load).
      Duration tick = batching.maxWait().dividedBy(4);
      context.schedule(
          tick.isZero() ? Duration.ofMillis(1) : tick,
          PunctuationType.WALL_CLOCK_TIME,
          this::flushIfWaitedLongEnough);
    }
  }

  private void flushIfWaitedLongEnough(long nowMs) {
    if (pendingCount > 0 && nowMs - oldestPendingSinceMs >= batching.maxWait().toMillis()) {
      flush();
    }
  }

  @Override
  public void process(Record<String, byte[]> record) {
    PendingFrame frame =
        new PendingFrame(
            record,
            context.recordMetadata().map(RecordMetadata::topic).orElse("?"),
            context.recordMetadata().map(RecordMetadata::partition).orElse(-1),
            context.recordMetadata().map(RecordMetadata::offset).orElse(-1L));
    if (!batching.enabled()) {
      detect(List.of(frame));
      return;
    }
    if (pendingCount == 0) {
      oldestPendingSinceMs = context.currentSystemTimeMs();
    }
    pending.put(nextKey++, frame.encode());
    if (++pendingCount >= batching.maxFrames()) {
      flush();
    }
  }

  private static Thread workerThread(Runnable work) {
    Thread thread = new Thread(work, "detector-worker");
    thread.setDaemon(true);
    return thread;
  }

  /** Runs everything pending as one batch, in arrival order, and empties the store. */
  private void flush() {
    if (pendingCount == 0) {
      return;
    }
    List<KeyValue<Long, byte[]>> entries = new ArrayList<>();
    try (KeyValueIterator<Long, byte[]> all = pending.all()) {
      all.forEachRemaining(entries::add);
    }
    entries.sort(java.util.Comparator.comparing(e -> e.key));
    detect(entries.stream().map(e -> PendingFrame.decode(e.value)).toList());
    entries.forEach(e -> pending.delete(e.key));
    pendingCount = 0;
  }

  /** Reads the batch's frames, detects them together or side by side, forwards in order. */
  private void detect(List<PendingFrame> batch) {
    List<ReadFrame> read = new ArrayList<>();
    for (PendingFrame frame : batch) {
      try {
        Frame value = frames.deserialize(frame.topic(), frame.record().value());
        if (value != null) { // a tombstone carries no frame
          read.add(new ReadFrame(frame, value));
        }
      } catch (RuntimeException e) {
        deadLetter(frame, e);
      }
    }
    if (read.isEmpty()) {
      return;
    }
    ModelLease<PlateDetector> lease;
    try {
      lease = detectors.acquire();
    } catch (RuntimeException e) {
      read.forEach(frame -> deadLetter(frame.pending(), e));
      return;
    }
    // One lease for the batch: a model swapped in meanwhile serves the next batch.
    try (lease) {
      if (workers != null && read.size() > 1) {
        detectSideBySide(read, lease);
      } else {
        detectTogether(read, lease);
      }
    }
  }

  /** Decodes, detects in one run, forwards; isolates a frame that makes the batch fail. */
  private void detectTogether(List<ReadFrame> read, ModelLease<PlateDetector> lease) {
    List<ReadFrame> decoded = new ArrayList<>();
    List<BufferedImage> images = new ArrayList<>();
    for (ReadFrame frame : read) {
      try {
        images.add(FrameImages.decode(frame.value()));
        decoded.add(frame);
      } catch (RuntimeException e) {
        deadLetter(frame.pending(), e);
      }
    }
    if (decoded.isEmpty()) {
      return;
    }
    List<List<DetectedPlate>> plates;
    long started = System.nanoTime();
    try {
      plates = lease.model().detect(images);
    } catch (RuntimeException e) {
      if (decoded.size() == 1) {
        deadLetter(decoded.get(0).pending(), e);
      } else {
        decoded.forEach(frame -> detectTogether(List.of(frame), lease)); // find the one that fails
      }
      return;
    }
    metrics.detected(
        decoded.size(), plates.stream().mapToInt(List::size).sum(), System.nanoTime() - started);
    for (int f = 0; f < decoded.size(); f++) {
      forward(
          new DetectedFrame(decoded.get(f), images.get(f), plates.get(f), jpegs(plates.get(f)), 0),
          lease.ref());
    }
  }

  /**
   * Each frame decoded, detected and its crops encoded on a worker, all at once; the results are
   * taken in arrival order on the stream thread, which alone forwards (so the exactly-once
   * transaction sees every output). A frame that fails goes to the dead letters alone.
   */
  private void detectSideBySide(List<ReadFrame> read, ModelLease<PlateDetector> lease) {
    List<Future<DetectedFrame>> running = new ArrayList<>();
    for (ReadFrame frame : read) {
      running.add(workers.submit(() -> detectAlone(frame, lease.model())));
    }
    for (int f = 0; f < read.size(); f++) {
      DetectedFrame done;
      try {
        done = awaitUninterruptibly(running.get(f));
      } catch (ExecutionException e) {
        deadLetter(read.get(f).pending(), asRuntimeException(e.getCause()));
        continue;
      }
      metrics.detected(1, done.plates().size(), done.nanos());
      forward(done, lease.ref());
    }
  }

  private static DetectedFrame detectAlone(ReadFrame frame, PlateDetector detector) {
    BufferedImage image = FrameImages.decode(frame.value());
    long started = System.nanoTime();
    List<DetectedPlate> plates = detector.detect(List.of(image)).get(0);
    long nanos = System.nanoTime() - started;
    return new DetectedFrame(frame, image, plates, jpegs(plates), nanos);
  }

  /**
   * Waits even through an interrupt (which is kept): the batch's lease must outlive every worker
   * still using its model, and no frame takes long.
   */
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

  private static RuntimeException asRuntimeException(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }

  private static List<byte[]> jpegs(List<DetectedPlate> plates) {
    return plates.stream().map(plate -> FrameImages.jpeg(plate.crop())).toList();
  }

  /** One detection per plate, then the shadow comparison if the frame is in its share. */
  private void forward(DetectedFrame done, ModelRef modelRef) {
    Record<String, byte[]> record = done.frame().pending().record();
    Frame frame = done.frame().value();
    for (int i = 0; i < done.plates().size(); i++) {
      PlateDetection detection =
          detection(frame, i, done.plates().get(i), done.crops().get(i), modelRef);
      context.forward(record.withValue((Object) detection), DetectorTopology.PLATES_SINK);
    }
    if (shadow.enabled()) {
      shadow(record, frame, done.image(), done.plates(), modelRef);
    }
  }

  @Override
  public void close() {
    if (workers != null) {
      workers.shutdownNow();
    }
  }

  /** A frame read from its record. */
  private record ReadFrame(PendingFrame pending, Frame value) {}

  /** A detected frame: its image, plates, their crops as JPEG, and the detection time. */
  private record DetectedFrame(
      ReadFrame frame,
      BufferedImage image,
      List<DetectedPlate> plates,
      List<byte[]> crops,
      long nanos) {}

  /** Runs the shadow version on one frame if it is in the share, and forwards the comparison. */
  private void shadow(
      Record<String, byte[]> record,
      Frame frame,
      BufferedImage image,
      List<DetectedPlate> production,
      ModelRef productionRef) {
    if (!shadow.share().covers(frame.getCameraId() + "/" + frame.getSeq())) {
      return;
    }
    shadow
        .run(
            frame.getCameraId() + "/" + frame.getSeq(),
            detector -> detector.detect(List.of(image)).get(0),
            (theirs, shadowRef, nanos) ->
                DetectionComparison.of(
                    frame,
                    production,
                    productionRef,
                    theirs,
                    shadowRef,
                    nanos,
                    context.currentSystemTimeMs()))
        .ifPresent(
            comparison ->
                context.forward(
                    record.withValue((Object) comparison), DetectorTopology.SHADOW_SINK));
  }

  private void deadLetter(PendingFrame frame, RuntimeException cause) {
    metrics.deadLetter();
    context.forward(
        DeadLetters.record(
            frame.record(), "detector", cause, frame.topic(), frame.partition(), frame.offset()),
        DetectorTopology.DEAD_LETTER_SINK);
  }

  private PlateDetection detection(
      Frame frame, int index, DetectedPlate plate, byte[] cropJpeg, ModelRef modelRef) {
    List<Point2> c = plate.box().corners();
    return PlateDetection.newBuilder()
        .setDetectionId(frame.getCameraId() + "/" + frame.getSeq() + "/" + index)
        .setFrame(
            new FrameRef(
                frame.getCameraId(),
                frame.getSeq(),
                frame.getCaptureTimeMs(),
                frame.getWidth(),
                frame.getHeight()))
        .setPlateIndex(index)
        .setPolygon(new Quad(point(c.get(0)), point(c.get(1)), point(c.get(2)), point(c.get(3))))
        .setScore(plate.box().score())
        .setCrop(ByteBuffer.wrap(cropJpeg))
        .setCropWidth(plate.crop().getWidth())
        .setCropHeight(plate.crop().getHeight())
        .setDetector(modelRef)
        .setDetectTimeMs(System.currentTimeMillis())
        .build();
  }

  private static io.platestream.schemas.Point point(Point2 p) {
    return new io.platestream.schemas.Point((float) p.x(), (float) p.y());
  }
}
