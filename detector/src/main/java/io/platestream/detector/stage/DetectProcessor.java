package io.platestream.detector.stage;

import io.platestream.datasets.geometry.Point2;
import io.platestream.detector.inference.DetectedPlate;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.schemas.DeadLetters;
import io.platestream.schemas.Frame;
import io.platestream.schemas.FrameRef;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.Quad;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Frames in, one {@link PlateDetection} per plate out. Reads raw bytes and decodes them itself, so
 * that every kind of poison (not Avro, unknown schema, corrupt JPEG, inference failure) goes to the
 * dead-letter child with its original bytes and the cause in headers, and the next frame is
 * processed as usual.
 */
final class DetectProcessor implements Processor<String, byte[], String, Object> {
  private final Deserializer<Frame> frames;
  private final PlateDetector detector;
  private final ModelRef modelRef;
  private final DetectorMetrics metrics;
  private ProcessorContext<String, Object> context;

  DetectProcessor(
      Deserializer<Frame> frames,
      PlateDetector detector,
      ModelRef modelRef,
      DetectorMetrics metrics) {
    this.frames = frames;
    this.detector = detector;
    this.modelRef = modelRef;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("?");
    List<PlateDetection> detections;
    try {
      Frame frame = frames.deserialize(topic, record.value());
      if (frame == null) return; // a tombstone carries no frame
      BufferedImage image = FrameImages.decode(frame);
      long started = System.nanoTime();
      List<DetectedPlate> plates = detector.detect(List.of(image)).get(0);
      metrics.detected(1, plates.size(), System.nanoTime() - started);
      detections = new java.util.ArrayList<>(plates.size());
      for (int i = 0; i < plates.size(); i++) detections.add(detection(frame, i, plates.get(i)));
    } catch (RuntimeException e) {
      metrics.deadLetter();
      context.forward(
          DeadLetters.record(context, record, "detector", e), DetectorTopology.DEAD_LETTER_SINK);
      return;
    }
    for (PlateDetection detection : detections) {
      context.forward(record.withValue((Object) detection), DetectorTopology.PLATES_SINK);
    }
  }

  private PlateDetection detection(Frame frame, int index, DetectedPlate plate) {
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
