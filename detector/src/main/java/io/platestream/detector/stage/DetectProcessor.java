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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * side on worker threads, each frame in an inference run of its own, while the stream thread goes
 * back to Kafka to fill the next batch. The batch's results are forwarded, in arrival order, by the
 * stream thread alone: when the next batch is due, or at a wall-clock tick once all are in. Its
 * frames stay in the store until then and are deleted in the transaction that carries their
 * detections, so a crash or a rebalance meanwhile only means they are detected again after the
 * store is restored.
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
  private long waitingFrom; // store keys from here up wait for a batch; below, they are in flight
  private int waitingCount;
  private long oldestWaitingSinceMs; // wall clock: when the oldest waiting frame arrived
  private ExecutorService workers; // null: each batch runs in one inference run
  private SideBySideBatch inFlight; // with workers: the batch on them, not yet forwarded

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
    if (!batching.enabled()) {
      return;
    }
    if (batching.sideBySide()) {
      workers = Executors.newFixedThreadPool(batching.workers(), DetectProcessor::workerThread);
    }
    pending = context.getStateStore(DetectorTopology.PENDING_STORE);
    try (KeyValueIterator<Long, byte[]> all = pending.all()) {
      while (all.hasNext()) { // frames left by the last run, restored from the changelog
        nextKey = Math.max(nextKey, all.next().key + 1);
        waitingCount++;
      }
    }
    oldestWaitingSinceMs = context.currentSystemTimeMs();
    // Checked a few times per wait, so a batch waits at most about maxWait after its first frame;
    // flushing on every tick instead cut batches short whenever detection took longer than the
    // wait (measured: mostly partial batches under load).
    Duration tick = batching.maxWait().dividedBy(4);
    context.schedule(
        tick.isZero() ? Duration.ofMillis(1) : tick, PunctuationType.WALL_CLOCK_TIME, this::onTick);
  }

  private void onTick(long nowMs) {
    if (inFlight != null && inFlight.done()) {
      forwardInFlight();
    }
    if (waitingCount > 0 && nowMs - oldestWaitingSinceMs >= batching.maxWait().toMillis()) {
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
    if (waitingCount == 0) {
      oldestWaitingSinceMs = context.currentSystemTimeMs();
    }
    pending.put(nextKey++, frame.encode());
    if (++waitingCount >= batching.maxFrames()) {
      flush();
    }
  }

  private static Thread workerThread(Runnable work) {
    Thread thread = new Thread(work, "detector-worker");
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Starts the waiting frames as a batch, in arrival order: with workers, after the batch in flight
   * is forwarded; without, detected here and deleted from the store.
   */
  private void flush() {
    if (waitingCount == 0) {
      return;
    }
    List<KeyValue<Long, byte[]>> waiting = new ArrayList<>();
    try (KeyValueIterator<Long, byte[]> all = pending.all()) {
      all.forEachRemaining(
          entry -> {
            if (entry.key >= waitingFrom) waiting.add(entry);
          });
    }
    waiting.sort(Comparator.comparing(entry -> entry.key));
    waitingFrom = nextKey;
    waitingCount = 0;
    if (workers == null) {
      detect(waiting.stream().map(entry -> PendingFrame.decode(entry.value)).toList());
      waiting.forEach(entry -> pending.delete(entry.key));
      return;
    }
    forwardInFlight();
    inFlight = startSideBySide(waiting);
  }

  /** Detects a batch in one inference run and forwards; isolates a frame that makes it fail. */
  private void detect(List<PendingFrame> batch) {
    List<ReadFrame> read = new ArrayList<>();
    for (PendingFrame frame : batch) {
      Frame value = read(frame);
      if (value != null) {
        read.add(new ReadFrame(-1, frame, value));
      }
    }
    if (read.isEmpty()) {
      return;
    }
    ModelLease<PlateDetector> lease = acquireOrDeadLetter(read);
    if (lease != null) {
      try (lease) { // one lease for the batch: a version swapped in serves the next one
        detectTogether(read, lease);
      }
    }
  }

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
    long nanos = System.nanoTime() - started;
    metrics.detected(decoded.size(), plates.stream().mapToInt(List::size).sum(), nanos);
    for (int f = 0; f < decoded.size(); f++) {
      forward(DetectedFrame.of(decoded.get(f), images.get(f), plates.get(f), nanos), lease.ref());
    }
  }

  /**
   * Reads the batch's frames and sets them going on the workers; poison and tombstones leave the
   * store now, in the transaction that dead-letters them.
   */
  private SideBySideBatch startSideBySide(List<KeyValue<Long, byte[]>> batch) {
    List<ReadFrame> read = new ArrayList<>();
    for (KeyValue<Long, byte[]> entry : batch) {
      PendingFrame frame = PendingFrame.decode(entry.value);
      Frame value = read(frame);
      if (value == null) {
        pending.delete(entry.key);
      } else {
        read.add(new ReadFrame(entry.key, frame, value));
      }
    }
    if (read.isEmpty()) {
      return null;
    }
    ModelLease<PlateDetector> lease = acquireOrDeadLetter(read);
    if (lease == null) {
      read.forEach(frame -> pending.delete(frame.storeKey()));
      return null;
    }
    return SideBySideBatch.start(read, lease, workers);
  }

  /** Forwards the batch in flight, if any, frame by frame in arrival order, and forgets it. */
  private void forwardInFlight() {
    if (inFlight == null) {
      return;
    }
    try (SideBySideBatch batch = inFlight) {
      inFlight = null;
      for (int f = 0; f < batch.frames().size(); f++) {
        ReadFrame frame = batch.frames().get(f);
        try {
          DetectedFrame done = batch.result(f);
          metrics.detected(1, done.plates().size(), done.nanos());
          forward(done, batch.modelRef());
        } catch (ExecutionException e) {
          deadLetter(frame.pending(), asRuntimeException(e.getCause()));
        }
        pending.delete(frame.storeKey());
      }
    }
  }

  /** The frame in the record; null for a tombstone, or for poison, which is dead-lettered. */
  private Frame read(PendingFrame frame) {
    try {
      return frames.deserialize(frame.topic(), frame.record().value());
    } catch (RuntimeException e) {
      deadLetter(frame, e);
      return null;
    }
  }

  /** A lease on the current detector; null when there is none, the frames dead-lettered. */
  private ModelLease<PlateDetector> acquireOrDeadLetter(List<ReadFrame> read) {
    try {
      return detectors.acquire();
    } catch (RuntimeException e) {
      read.forEach(frame -> deadLetter(frame.pending(), e));
      return null;
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

  /**
   * A batch still in flight is not forwarded here (a closing processor may not forward): its frames
   * are still in the store, committed with the task, and are detected again when the store is next
   * restored.
   */
  @Override
  public void close() {
    if (inFlight != null) {
      inFlight.close();
      inFlight = null;
    }
    if (workers != null) {
      workers.shutdownNow();
    }
  }

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
