package io.platestream.recognizer.stage;

import io.platestream.datasets.image.JpegHeader;
import io.platestream.models.serving.ModelSource;
import io.platestream.models.serving.Shadow;
import io.platestream.platform.OutcomeLedger;
import io.platestream.recognizer.inference.PlateReading;
import io.platestream.schemas.DeadLetters;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateCandidate;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.PlateRead;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Plate detections in, one {@link PlateRead} each out, to the reads topic and to the pass tracker.
 * Decodes the bytes itself so that any poison (not Avro, unknown schema, a crop that is not an
 * image, an inference failure) goes to the dead-letter topic with its cause, and the next record is
 * processed as usual.
 *
 * <p>With a shadow version, each crop in its share is also read by the shadow, and the comparison
 * goes to the shadow topic; a shadow failure is counted and never touches the production output.
 */
final class RecognizeProcessor implements Processor<String, byte[], String, Object> {
  private final Deserializer<PlateDetection> detections;
  private final ModelSource<CropReader> readers;
  private final Shadow<CropReader> shadow;
  private final RecognizerMetrics metrics;
  private ProcessorContext<String, Object> context;
  private final String ledgerSink;
  private OutcomeLedger ledger;

  /** How a plate detection ended, in the ledger: each one read from the topic ends in one. */
  static final String READ = "read";

  static final String DEAD_LETTERED = "dead_lettered";
  static final String SHED = "shed";

  RecognizeProcessor(
      Deserializer<PlateDetection> detections,
      ModelSource<CropReader> readers,
      Shadow<CropReader> shadow,
      RecognizerMetrics metrics,
      String ledgerSink) {
    this.ledgerSink = ledgerSink;
    this.detections = detections;
    this.readers = readers;
    this.shadow = shadow;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.ledger = new OutcomeLedger(metrics.ledger(), ledgerSink);
    ledger.init(context);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("?");
    PlateRead read;
    PlateDetection detection;
    BufferedImage crop;
    PlateReading reading;
    try {
      detection = detections.deserialize(topic, record.value());
      if (detection == null) {
        return; // a tombstone carries no plate
      }
      if (metrics
          .lag()
          .shed(detection.getFrame().getCaptureTimeMs(), context.currentSystemTimeMs())) {
        ledger.count(record.key(), SHED);
        return; // too old to be worth reading: counted, and the stage catches up
      }
      crop = decodeCrop(detection);
      long started = System.nanoTime();
      // A failure here is the model's, not the crop's (it decoded): the source's breaker counts
      // it, and if that demotes a broken version the crop is read again on the one before.
      ModelSource.Served<PlateReading> served = readers.serve(reader -> reader.read(crop));
      reading = served.value();
      metrics.inferenceNanos(System.nanoTime() - started);
      read = plateRead(detection, reading, served.ref());
    } catch (RuntimeException e) {
      // Refuses a transient cause (the stage then waits and tries the crop again): before counting.
      Record<String, Object> dead = DeadLetters.record(context, record, "recognizer", e);
      metrics.deadLetter();
      ledger.count(record.key(), DEAD_LETTERED);
      context.forward(dead, RecognizerTopology.DEAD_LETTER_SINK);
      return;
    }
    metrics.read(read.getValid());
    ledger.count(record.key(), READ);
    metrics.lag().processed(detection.getFrame().getCaptureTimeMs(), context.currentSystemTimeMs());
    Record<String, Object> out = record.withValue(read);
    context.forward(out, RecognizerTopology.READS_SINK);
    context.forward(out, RecognizerTopology.TRACK);
    if (shadow.enabled() && shadow.share().covers(detection.getDetectionId())) {
      shadow(record, detection, crop, reading, read.getRecognizer());
    }
  }

  /** Reads the crop with the shadow version too, and forwards the comparison. */
  private void shadow(
      Record<String, byte[]> record,
      PlateDetection detection,
      BufferedImage crop,
      PlateReading production,
      ModelRef productionRef) {
    shadow
        .run(
            detection.getDetectionId(),
            reader -> reader.read(crop),
            (theirs, shadowRef, nanos) ->
                ReadComparison.of(
                    detection,
                    production,
                    productionRef,
                    theirs,
                    shadowRef,
                    nanos,
                    context.currentSystemTimeMs()))
        .ifPresent(
            comparison ->
                context.forward(
                    record.withValue((Object) comparison), RecognizerTopology.SHADOW_SINK));
  }

  static BufferedImage decodeCrop(PlateDetection detection) {
    ByteBuffer bytes = detection.getCrop().duplicate();
    byte[] jpeg = new byte[bytes.remaining()];
    bytes.get(jpeg);
    JpegHeader header;
    try {
      header = JpegHeader.of(jpeg);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "crop of " + detection.getDetectionId() + " is corrupt: " + e.getMessage(), e);
    }
    if (header.pixels() > MAX_CROP_PIXELS) {
      // Refused before ImageIO allocates what the header claims.
      throw new IllegalArgumentException(
          "crop of "
              + detection.getDetectionId()
              + " is "
              + header.width()
              + "x"
              + header.height()
              + ", more than the "
              + MAX_CROP_PIXELS
              + " pixels a plate crop may have");
    }
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(jpeg));
    } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
      // ImageIO reports some corrupt streams with runtime exceptions (index or size errors); an
      // Error on one crop, past the pixel limit above, dead-letters that crop, not the stage.
      throw new IllegalArgumentException(
          "crop of " + detection.getDetectionId() + " is corrupt: " + e.getMessage(), e);
    }
    if (image == null) {
      throw new IllegalArgumentException(
          "crop of "
              + detection.getDetectionId()
              + " is not a readable image ("
              + jpeg.length
              + " bytes)");
    }
    return image;
  }

  /** The most pixels a plate crop may have (a 2048 x 2048 crop is already far beyond any plate). */
  static final long MAX_CROP_PIXELS = 2048L * 2048;

  private PlateRead plateRead(PlateDetection detection, PlateReading reading, ModelRef recognizer) {
    List<PlateCandidate> candidates =
        reading.candidates().stream()
            .map(c -> new PlateCandidate(c.text(), c.confidence(), true))
            .toList();
    return PlateRead.newBuilder()
        .setDetectionId(detection.getDetectionId())
        .setFrame(detection.getFrame())
        .setPolygon(detection.getPolygon())
        .setDetectionScore(detection.getScore())
        .setText(reading.text())
        .setValid(reading.valid())
        .setConfidence(reading.confidence())
        .setCharConfidences(reading.charConfidences())
        .setCandidates(candidates)
        .setCrop(detection.getCrop())
        .setDetector(detection.getDetector())
        .setRecognizer(recognizer)
        .setReadTimeMs(context.currentSystemTimeMs())
        .setSnapshot(detection.getSnapshot())
        .build();
  }
}
