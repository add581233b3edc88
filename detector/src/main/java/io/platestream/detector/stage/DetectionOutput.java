package io.platestream.detector.stage;

import io.platestream.datasets.geometry.Point2;
import io.platestream.detector.inference.EncodedPlate;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.detector.inference.TextBox;
import io.platestream.models.serving.ModelLease;
import io.platestream.models.serving.ModelSource;
import io.platestream.models.serving.Shadow;
import io.platestream.platform.OutcomeLedger;
import io.platestream.schemas.DeadLetters;
import io.platestream.schemas.Frame;
import io.platestream.schemas.FrameRef;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.Quad;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What both detect processors send downstream, and how they read and dead-letter a frame: one
 * {@link PlateDetection} per plate, the shadow comparison for frames in its share, and poison to
 * the dead-letter child with its original bytes and the cause in headers.
 */
final class DetectionOutput {
  /** What a detect processor is made with, before Kafka Streams gives it a context. */
  record Parts(
      Deserializer<Frame> frames,
      ModelSource<PlateDetector> detectors,
      Shadow<PlateDetector> shadow,
      DetectorMetrics metrics,
      String ledgerSink) {

    DetectionOutput in(ProcessorContext<String, Object> context) {
      return new DetectionOutput(context, this);
    }
  }

  private final ProcessorContext<String, Object> context;
  private final Parts parts;

  private final OutcomeLedger ledger;

  private DetectionOutput(ProcessorContext<String, Object> context, Parts parts) {
    this.context = context;
    this.parts = parts;
    this.ledger = new OutcomeLedger(parts.metrics().ledger(), parts.ledgerSink());
    ledger.init(context);
  }

  /** How a frame ended, in the ledger: each frame read from the topic ends in exactly one. */
  static final String DETECTED = "detected";

  static final String DEAD_LETTERED = "dead_lettered";
  static final String SHED = "shed";

  /** Not an outcome: the plate detections the detected frames gave. */
  static final String PLATES = "plates";

  /** Frame numbers skipped before the stage (see {@link #countMissing}). */
  static final String MISSING = "missing";

  static final String LAST_SEQ = OutcomeLedger.MARK_PREFIX + "seq";

  /**
   * The frame in the record; null for a tombstone, for poison (dead-lettered) and for a frame older
   * than the stage keeps (shed, counted).
   */
  Frame read(PendingFrame frame) {
    Frame value;
    try {
      value = parts.frames().deserialize(frame.topic(), frame.record().value());
    } catch (RuntimeException e) {
      deadLetter(frame, e);
      return null;
    }
    if (value != null) {
      countMissing(frame.record().key(), value.getSeq());
    }
    if (value != null
        && parts.metrics().lag().shed(value.getCaptureTimeMs(), context.currentSystemTimeMs())) {
      ledger.count(frame.record().key(), SHED);
      return null; // too old to be worth detecting: counted, and the stage catches up
    }
    return value;
  }

  /**
   * Frames whose numbers a camera skipped: ingest numbers each encoded frame, so a jump is a frame
   * that never reached this stage (dropped at ingest after it was numbered, or deleted by the
   * frames topic's retention before the stage got to it), or numbers an ingest crash left unused.
   * An upper bound, but never silent. A frame seen again after a restart (number not above the
   * last) counts nothing.
   */
  private void countMissing(String camera, long seq) {
    long last = ledger.mark(camera, LAST_SEQ, seq);
    if (last >= 0 && seq > last + 1) {
      ledger.count(camera, MISSING, seq - last - 1);
    } else if (last > seq) {
      ledger.mark(camera, LAST_SEQ, last); // an older frame: the highest number stays
    }
  }

  /** A lease on the current detector; null when there is none, the frames dead-lettered. */
  ModelLease<PlateDetector> acquireOrDeadLetter(List<ReadFrame> read) {
    try {
      return parts.detectors().acquire();
    } catch (RuntimeException e) {
      read.forEach(frame -> deadLetter(frame.pending(), e));
      return null;
    }
  }

  /** Counts a detection that ran, for the serving version's breaker. */
  void modelWorked(ModelRef modelRef) {
    parts.detectors().succeeded(modelRef);
  }

  /**
   * Counts an inference that failed on a frame that decoded; whether the breaker then demoted that
   * version, so the frame may run again on the one now serving.
   */
  boolean modelFailed(ModelRef modelRef, RuntimeException cause) {
    return modelRef != null && parts.detectors().failed(modelRef, cause);
  }

  /** One detection per plate, then the shadow comparison if the frame is in its share. */
  void forward(DetectedFrame done, ModelRef modelRef) {
    Record<String, byte[]> record = done.frame().pending().record();
    Frame frame = done.frame().value();
    for (int i = 0; i < done.plates().size(); i++) {
      PlateDetection detection =
          detection(frame, i, done.plates().get(i), done.snapshot(), modelRef);
      context.forward(record.withValue((Object) detection), DetectorTopology.PLATES_SINK);
    }
    parts.metrics().forwarded(done.frame());
    ledger.count(record.key(), Map.of(DETECTED, 1L, PLATES, (long) done.plates().size()));
    parts.metrics().lag().processed(frame.getCaptureTimeMs(), context.currentSystemTimeMs());
    if (parts.shadow().enabled()) {
      shadow(record, frame, done.plates().stream().map(EncodedPlate::box).toList(), modelRef);
    }
  }

  void deadLetter(PendingFrame frame, RuntimeException cause) {
    // Refuses a transient cause (the stage then waits and tries the frame again): before counting.
    Record<String, Object> dead =
        DeadLetters.record(
            frame.record(), "detector", cause, frame.topic(), frame.partition(), frame.offset());
    parts.metrics().deadLetter();
    ledger.count(frame.record().key(), DEAD_LETTERED);
    context.forward(dead, DetectorTopology.DEAD_LETTER_SINK);
  }

  /** Runs the shadow version on one frame if it is in the share, and forwards the comparison. */
  private void shadow(
      Record<String, byte[]> record,
      Frame frame,
      List<TextBox> production,
      ModelRef productionRef) {
    if (!parts.shadow().share().covers(frame.getCameraId() + "/" + frame.getSeq())) {
      return;
    }
    parts
        .shadow()
        .run(
            frame.getCameraId() + "/" + frame.getSeq(),
            // Decoded again here, on this thread: the worker's pixels are its own. It decoded once,
            // so this does too; were it to fail, the shadow counts it as the shadow's error.
            detector -> detector.plateBoxes(FrameImages.decodeNative(frame)),
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

  private static PlateDetection detection(
      Frame frame, int index, EncodedPlate plate, byte[] snapshot, ModelRef modelRef) {
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
        .setCrop(ByteBuffer.wrap(plate.cropJpeg()))
        .setCropWidth(plate.cropWidth())
        .setCropHeight(plate.cropHeight())
        .setDetector(modelRef)
        .setDetectTimeMs(System.currentTimeMillis())
        .setSnapshot(snapshot == null ? null : ByteBuffer.wrap(snapshot))
        .build();
  }

  private static io.platestream.schemas.Point point(Point2 p) {
    return new io.platestream.schemas.Point((float) p.x(), (float) p.y());
  }
}
