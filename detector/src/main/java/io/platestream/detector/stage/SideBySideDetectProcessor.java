package io.platestream.detector.stage;

import io.platestream.detector.inference.PlateDetector;
import io.platestream.models.serving.ModelLease;
import io.platestream.schemas.Frame;
import io.platestream.schemas.PlateDetection;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Frames in, one {@link PlateDetection} per plate out, detected side by side on worker threads
 * (what a CPU wants: two single-threaded inference runs at once get more out of the cores than one
 * run spread over both, and the decoding and post-processing around each run overlap too).
 *
 * <p>No frame waits for others: each starts on a worker as it arrives, and at most {@link
 * Batching#maxFrames()} are in flight; a frame beyond that waits, on the stream thread, for the
 * oldest to be done, so Kafka is read no faster than frames are detected. Frames go out in arrival
 * order, from the stream thread alone: as the oldest are done, at each new record and at a short
 * wall-clock tick.
 *
 * <p>Exactly-once: a frame is put in the changelogged store {@value DetectorTopology#PENDING_STORE}
 * when it starts and deleted in the transaction that carries its detections. A frame whose input
 * offset is committed is therefore either published or still in the store; after a crash or a
 * rebalance the restored frames start again, before any new one, and are published once.
 *
 * <p>Poison that is not a frame at all is dead-lettered as it arrives; a frame that fails on its
 * worker (corrupt JPEG, an inference error) is dead-lettered in its turn. The rest go on as usual.
 */
final class SideBySideDetectProcessor implements Processor<String, byte[], String, Object> {
  /** How often finished frames are looked for while no record arrives. */
  static final Duration FORWARD_TICK = Duration.ofMillis(10);

  private final DetectionOutput.Parts parts;
  private final DetectorMetrics metrics;
  private final Batching.SideBySide batching;
  private DetectionOutput output;
  private ProcessorContext<String, Object> context;
  private PendingFrames pending;
  private List<KeyValue<Long, byte[]>> restored = List.of(); // from the changelog, not yet started
  private FramesInFlight inFlight;

  SideBySideDetectProcessor(DetectionOutput.Parts parts, Batching.SideBySide batching) {
    this.parts = parts;
    this.metrics = parts.metrics();
    this.batching = batching;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.output = parts.in(context);
    pending = PendingFrames.of(context);
    // Left by the last run; started at the first record or tick, since reading may dead-letter.
    restored = pending.leftByLastRun();
    inFlight = new FramesInFlight(batching.workers());
    context.schedule(FORWARD_TICK, PunctuationType.WALL_CLOCK_TIME, now -> catchUp());
  }

  @Override
  public void process(Record<String, byte[]> record) {
    catchUp();
    PendingFrame frame = PendingFrame.of(record, context);
    Frame value = output.read(frame);
    if (value == null) {
      return; // a tombstone, or poison already dead-lettered
    }
    long key = pending.add(frame);
    start(new ReadFrame(key, frame, value, System.nanoTime()));
  }

  /** Starts frames restored from the changelog, then forwards every frame already done. */
  private void catchUp() {
    if (!restored.isEmpty()) {
      List<KeyValue<Long, byte[]>> toStart = restored;
      restored = List.of();
      for (KeyValue<Long, byte[]> entry : toStart) {
        PendingFrame frame = PendingFrame.decode(entry.value);
        Frame value = output.read(frame);
        if (value == null) {
          pending.delete(entry.key);
        } else {
          start(new ReadFrame(entry.key, frame, value, System.nanoTime()));
        }
      }
    }
    while (forwardOldest(false)) {
      // each pass forwards one finished frame
    }
  }

  /** Sets a stored frame going, once fewer than the limit are in flight. */
  private void start(ReadFrame frame) {
    while (inFlight.size() >= batching.maxFrames()) {
      forwardOldest(true);
    }
    ModelLease<PlateDetector> lease = output.acquireOrDeadLetter(List.of(frame));
    if (lease == null) {
      pending.delete(frame.storeKey());
      return;
    }
    inFlight.start(frame, lease);
  }

  /**
   * Forwards the oldest frame in flight and deletes it from the store, if it is done or, with
   * {@code wait}, once it is; whether there was one.
   */
  private boolean forwardOldest(boolean wait) {
    FramesInFlight.Taken taken = inFlight.takeOldest(wait);
    if (taken == null) {
      return false;
    }
    if (taken.detected() == null) {
      if (taken.modelFault() && output.modelFailed(taken.modelRef(), taken.failure())) {
        start(taken.frame()); // once more, on the version that replaced the demoted one
        return true;
      }
      output.deadLetter(taken.frame().pending(), taken.failure());
    } else {
      output.modelWorked(taken.modelRef());
      metrics.detected(1, taken.detected().plates().size(), taken.detected().nanos());
      output.forward(taken.detected(), taken.modelRef());
    }
    pending.delete(taken.frame().storeKey());
    return true;
  }

  /**
   * Frames still in flight are not forwarded here (a closing processor may not forward): they are
   * in the store, committed with the task, and start again when the store is next restored.
   */
  @Override
  public void close() {
    if (inFlight != null) {
      inFlight.close();
    }
  }
}
