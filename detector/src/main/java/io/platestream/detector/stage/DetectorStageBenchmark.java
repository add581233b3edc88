package io.platestream.detector.stage;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.datasets.image.Images;
import io.platestream.detector.inference.DetPreprocessor;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.StreamsStageConfig;
import io.platestream.schemas.Frame;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.serde.AvroSerializer;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The detector stage (Kafka Streams, exactly-once, on the embedded broker) against raw ONNX Runtime
 * on the same frames in the same run. The stage's rate is measured from its first frame to its
 * last, so start-up and rebalancing are not counted; raw is the session alone on tensors prepared
 * beforehand.
 */
public final class DetectorStageBenchmark {

  /**
   * One round: frames per second of raw ONNX Runtime and of the stage, and the stage's mean time
   * per frame inside the detector library (pre-processing, session, post-processing, crops); the
   * rest of the stage's time per frame is JPEG decoding, Avro and Kafka.
   */
  public record Round(double rawFps, double stageFps, double libraryMillisPerFrame) {
    public double ratio() {
      return stageFps / rawFps;
    }
  }

  private DetectorStageBenchmark() {}

  public static List<Round> run(
      OnnxDetectorModel model, List<BufferedImage> images, int rounds, Consumer<String> progress)
      throws Exception {
    DetPreprocessor pre = new DetPreprocessor(960);
    int[] size = pre.targetSize(images.get(0).getWidth(), images.get(0).getHeight());
    List<float[]> tensors = new ArrayList<>();
    for (BufferedImage image : images) {
      float[] input = new float[3 * size[0] * size[1]];
      pre.writeInto(image, size[0], size[1], input, 0, size[0], size[1]);
      tensors.add(input);
    }
    List<Round> results = new ArrayList<>();
    Path state = Files.createTempDirectory("platestream-bench-detector-stage");
    try (EmbeddedPlatform platform = EmbeddedPlatform.start()) {
      String frames = "bench-frames";
      platform.kafka().createTopics(1, frames, "bench-plates", frames + ".dlq");
      produce(platform, frames, images);
      tensors.forEach(t -> model.run(t, 1, size[1], size[0])); // warm-up
      stage(platform, model, frames, images.size(), state); // warm-up
      for (int round = 1; round <= rounds; round++) {
        long start = System.nanoTime();
        tensors.forEach(t -> model.run(t, 1, size[1], size[0]));
        double raw = images.size() / ((System.nanoTime() - start) / 1e9);
        double[] stage = stage(platform, model, frames, images.size(), state);
        results.add(new Round(raw, stage[0], stage[1]));
        progress.accept(
            String.format(
                "round %d/%d: raw ONNX Runtime %.2f frames/s (%.0f ms/frame), stage %.2f frames/s"
                    + " (%.0f ms/frame, of which %.0f ms in the detector library), ratio %.2f",
                round,
                rounds,
                raw,
                1000 / raw,
                stage[0],
                1000 / stage[0],
                stage[1],
                stage[0] / raw));
      }
    }
    return results;
  }

  /**
   * Runs a fresh stage over the whole topic: frames per second from first to last frame, and the
   * mean milliseconds per frame spent in the detector library.
   */
  private static double[] stage(
      EmbeddedPlatform platform, OnnxDetectorModel model, String frames, int count, Path state)
      throws InterruptedException {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    KafkaStreams streams =
        new KafkaStreams(
            DetectorTopology.build(
                platform.newRegistryClient(),
                PlateDetector.withDefaults(model),
                new ModelRef("plate-detector", 1),
                new DetectorMetrics(meters),
                frames,
                "bench-plates"),
            StreamsStageConfig.properties(
                "bench-detector-" + UUID.randomUUID(),
                platform.bootstrapServers(),
                state.resolve(UUID.randomUUID().toString())));
    try {
      streams.start();
      long first = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (System.nanoTime() < deadline) {
        double done = meters.get("platestream.detector.frames").counter().count();
        if (done >= 1 && first == 0) {
          first = System.nanoTime();
        }
        if (done >= count) {
          double fps = (count - 1) / ((System.nanoTime() - first) / 1e9);
          double libraryMillis =
              meters
                  .get("platestream.detector.inference")
                  .timer()
                  .mean(java.util.concurrent.TimeUnit.MILLISECONDS);
          return new double[] {fps, libraryMillis};
        }
        Thread.sleep(5);
      }
      throw new IllegalStateException("the stage did not process " + count + " frames in 10 min");
    } finally {
      streams.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(30)));
    }
  }

  private static void produce(EmbeddedPlatform platform, String topic, List<BufferedImage> images) {
    try (KafkaProducer<String, Frame> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                8 * 1024 * 1024),
            new StringSerializer(),
            new AvroSerializer<>(platform.newRegistryClient()))) {
      for (int i = 0; i < images.size(); i++) {
        BufferedImage image = images.get(i);
        producer.send(
            new ProducerRecord<>(
                topic,
                "bench",
                Frame.newBuilder()
                    .setCameraId("bench")
                    .setSeq(i)
                    .setCaptureTimeMs(i * 200L)
                    .setIngestTimeMs(i * 200L)
                    .setWidth(image.getWidth())
                    .setHeight(image.getHeight())
                    .setJpeg(ByteBuffer.wrap(Images.jpeg(image, 85)))
                    .setSourceUri("synthetic")
                    .build()));
      }
      producer.flush();
    }
  }
}
