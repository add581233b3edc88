package io.platestream.detector.stage;

import io.platestream.detector.inference.EncodedPlate;
import io.platestream.detector.inference.FrameSnapshot;
import io.platestream.detector.inference.NativeFrame;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.models.serving.ModelLease;
import io.platestream.schemas.Frame;
import io.platestream.schemas.PlateDetection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Frames in, one {@link PlateDetection} per plate out, each batch in one inference run (what a GPU
 * wants; {@link SideBySideDetectProcessor} is the CPU's arrangement). Reads raw bytes and decodes
 * them itself, so that every kind of poison (not Avro, unknown schema, corrupt JPEG, inference
 * failure) goes to the dead-letter child with its original bytes and the cause in headers, and the
 * next frame is processed as usual.
 *
 * <p>With batching, frames wait in the changelogged store {@value DetectorTopology#PENDING_STORE}
 * until the batch is full or its first frame has waited the wall-clock wait, then run in one
 * inference. The buffer is part of the task's exactly-once state: a frame whose input offset is
 * committed is either already detected or still in the store (restored from the changelog after a
 * crash), never lost and never detected twice. Frames leave in arrival order, so each camera's
 * order holds.
 *
 * <p>With a shadow version, each frame in its share is also run through the shadow after
 * production, and the comparison goes to the shadow topic; a shadow failure is counted and never
 * touches the production output.
 */
final class DetectProcessor implements Processor<String, byte[], String, Object> {
  private final DetectionOutput.Parts parts;
  private final DetectorMetrics metrics;
  private final Batching.Batched batching;
  private ProcessorContext<String, Object> context;
  private DetectionOutput output;
  private PendingFrames pending;
  private int waitingCount;
  private long oldestWaitingSinceMs; // wall clock: when the oldest waiting frame arrived
  private final Map<Long, Long> arrivedNanos = new HashMap<>(); // store key -> arrival

  DetectProcessor(DetectionOutput.Parts parts, Batching.Batched batching) {
    this.parts = parts;
    this.metrics = parts.metrics();
    this.batching = batching;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.output = parts.in(context);
    if (!batching.enabled()) {
      return;
    }
    pending = PendingFrames.of(context);
    waitingCount = pending.leftByLastRun().size();
    oldestWaitingSinceMs = context.currentSystemTimeMs();
    // Checked a few times per wait, so a batch waits at most about maxWait after its first frame;
    // flushing on every tick instead cut batches short whenever detection took longer than the
    // wait (measured: mostly partial batches under load).
    Duration tick = batching.maxWait().dividedBy(4);
    context.schedule(
        tick.isZero() ? Duration.ofMillis(1) : tick, PunctuationType.WALL_CLOCK_TIME, this::onTick);
  }

  private void onTick(long nowMs) {
    if (waitingCount > 0 && nowMs - oldestWaitingSinceMs >= batching.maxWait().toMillis()) {
      flush();
    }
  }

  @Override
  public void process(Record<String, byte[]> record) {
    PendingFrame frame = PendingFrame.of(record, context);
    if (!batching.enabled()) {
      detect(List.of(frame), List.of(System.nanoTime()));
      return;
    }
    if (waitingCount == 0) {
      oldestWaitingSinceMs = context.currentSystemTimeMs();
    }
    arrivedNanos.put(pending.add(frame), System.nanoTime());
    if (++waitingCount >= batching.maxFrames()) {
      flush();
    }
  }

  /** Detects the waiting frames as one batch, in arrival order, and deletes them from the store. */
  private void flush() {
    if (waitingCount == 0) {
      return;
    }
    List<KeyValue<Long, byte[]>> waiting = pending.inArrivalOrder();
    waitingCount = 0;
    long now = System.nanoTime(); // frames restored from the changelog arrived just now
    detect(
        waiting.stream().map(entry -> PendingFrame.decode(entry.value)).toList(),
        waiting.stream().map(entry -> arrivedNanos.getOrDefault(entry.key, now)).toList());
    waiting.forEach(
        entry -> {
          pending.delete(entry.key);
          arrivedNanos.remove(entry.key);
        });
  }

  /**
   * Detects a batch (frames that arrived at {@code arrivedNanos}) in one inference run and
   * forwards; isolates a frame that makes it fail.
   */
  private void detect(List<PendingFrame> batch, List<Long> arrivedNanos) {
    List<ReadFrame> read = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Frame value = output.read(batch.get(i));
      if (value != null) {
        read.add(new ReadFrame(-1, batch.get(i), value, arrivedNanos.get(i)));
      }
    }
    if (read.isEmpty()) {
      return;
    }
    ModelLease<PlateDetector> lease = output.acquireOrDeadLetter(read);
    if (lease != null) {
      try (lease) { // one lease for the batch: a version swapped in serves the next one
        detectTogether(read, lease);
      }
    }
  }

  /** Each frame of {@code read} again, on the version that replaced a demoted one. */
  private void retryOnReplacement(List<ReadFrame> read) {
    ModelLease<PlateDetector> lease = output.acquireOrDeadLetter(read);
    if (lease != null) {
      try (lease) {
        read.forEach(frame -> detectTogether(List.of(frame), lease, false));
      }
    }
  }

  private void detectTogether(List<ReadFrame> read, ModelLease<PlateDetector> lease) {
    detectTogether(read, lease, true);
  }

  /**
   * @param retry whether a frame whose failure makes the breaker demote the serving version runs
   *     again on the replacement (once)
   */
  private void detectTogether(
      List<ReadFrame> read, ModelLease<PlateDetector> lease, boolean retry) {
    List<ReadFrame> decoded = new ArrayList<>();
    List<NativeFrame> images = new ArrayList<>();
    for (ReadFrame frame : read) {
      try {
        // Each in a decode slot of its own: the whole batch stays in native memory until its
        // crops are cut.
        images.add(FrameImages.decodeNative(frame.value(), images.size()));
        decoded.add(frame);
      } catch (RuntimeException e) {
        output.deadLetter(frame.pending(), e);
      }
    }
    if (decoded.isEmpty()) {
      return;
    }
    List<List<EncodedPlate>> plates;
    long started = System.nanoTime();
    try {
      plates = lease.model().detectEncoded(images, FrameImages.CROP_JPEG_QUALITY);
    } catch (RuntimeException e) {
      if (decoded.size() > 1) {
        decoded.forEach(frame -> detectTogether(List.of(frame), lease, retry)); // which one fails
      } else if (output.modelFailed(lease.ref(), e) && retry) {
        retryOnReplacement(decoded);
      } else {
        output.deadLetter(decoded.get(0).pending(), e);
      }
      return;
    }
    output.modelWorked(lease.ref());
    long nanos = System.nanoTime() - started;
    metrics.detected(decoded.size(), plates.stream().mapToInt(List::size).sum(), nanos);
    for (int f = 0; f < decoded.size(); f++) {
      byte[] snapshot = plates.get(f).isEmpty() ? null : FrameSnapshot.of(images.get(f));
      output.forward(
          new DetectedFrame(decoded.get(f), plates.get(f), snapshot, nanos), lease.ref());
    }
  }
}
