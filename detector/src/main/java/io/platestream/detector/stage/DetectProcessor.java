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
import java.util.ArrayList;
import java.util.List;
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
 * until the batch is full or the wall-clock wait is over, then run in one inference. The buffer is
 * part of the task's exactly-once state: a frame whose input offset is committed is either already
 * detected or still in the store (restored from the changelog after a crash), never lost and never
 * detected twice. Frames leave in arrival order, so each camera's order holds.
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
    if (batching.enabled()) {
      pending = context.getStateStore(DetectorTopology.PENDING_STORE);
      try (KeyValueIterator<Long, byte[]> all = pending.all()) {
        while (all.hasNext()) { // frames left by the last run, restored from the changelog
          nextKey = Math.max(nextKey, all.next().key + 1);
          pendingCount++;
        }
      }
      context.schedule(batching.maxWait(), PunctuationType.WALL_CLOCK_TIME, now -> flush());
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
    pending.put(nextKey++, frame.encode());
    if (++pendingCount >= batching.maxFrames()) {
      flush();
    }
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

  /** Decodes, detects in one run, forwards; isolates a frame that makes the batch fail. */
  private void detect(List<PendingFrame> batch) {
    List<PendingFrame> decoded = new ArrayList<>();
    List<Frame> decodedFrames = new ArrayList<>();
    List<BufferedImage> images = new ArrayList<>();
    for (PendingFrame frame : batch) {
      try {
        Frame value = frames.deserialize(frame.topic(), frame.record().value());
        if (value == null) {
          continue; // a tombstone carries no frame
        }
        images.add(FrameImages.decode(value));
        decodedFrames.add(value);
        decoded.add(frame);
      } catch (RuntimeException e) {
        deadLetter(frame, e);
      }
    }
    if (decoded.isEmpty()) {
      return;
    }
    List<List<DetectedPlate>> plates;
    ModelRef modelRef;
    long started = System.nanoTime();
    // One lease for the batch: a model swapped in meanwhile serves the next batch.
    try (ModelLease<PlateDetector> lease = detectors.acquire()) {
      plates = lease.model().detect(images);
      modelRef = lease.ref();
    } catch (RuntimeException e) {
      if (decoded.size() == 1) {
        deadLetter(decoded.get(0), e);
      } else {
        decoded.forEach(frame -> detect(List.of(frame))); // find the frame that fails alone
      }
      return;
    }
    metrics.detected(
        decoded.size(), plates.stream().mapToInt(List::size).sum(), System.nanoTime() - started);
    for (int f = 0; f < decoded.size(); f++) {
      Record<String, byte[]> record = decoded.get(f).record();
      List<DetectedPlate> found = plates.get(f);
      for (int i = 0; i < found.size(); i++) {
        PlateDetection detection = detection(decodedFrames.get(f), i, found.get(i), modelRef);
        context.forward(record.withValue((Object) detection), DetectorTopology.PLATES_SINK);
      }
      if (shadow.enabled()) {
        shadow(record, decodedFrames.get(f), images.get(f), found, modelRef);
      }
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

  private PlateDetection detection(Frame frame, int index, DetectedPlate plate, ModelRef modelRef) {
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
        .setCrop(ByteBuffer.wrap(FrameImages.jpeg(plate.crop())))
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
