package io.platestream.detector.stage;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.datasets.image.Images;
import io.platestream.detector.inference.DetPreprocessor;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.models.serving.ModelSource;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 *
 * <p>With side-by-side workers the stage's model has fewer intra-op threads per run, so raw ONNX
 * Runtime is measured twice: as the issue defines it (one run at a time on the given model, all
 * cores) and in the stage's own arrangement (the workers' runs at once on the stage's model).
 */
public final class DetectorStageBenchmark {

  /**
   * One round: frames per second of raw ONNX Runtime and of the stage, and the stage's mean time
   * per frame inside the detector library (pre-processing, session, post-processing, crops); the
   * rest of the stage's time per frame is JPEG decoding, Avro and Kafka.
   */
  public record Round(
      double rawFps,
      double rawSideBySideFps,
      double stageFps,
      double libraryMillisPerRun,
      Latency raw,
      Latency stage) {
    public double ratio() {
      return stageFps / rawFps;
    }

    /** Against raw runs arranged as the stage's workers run them; NaN with one worker. */
    public double sideBySideRatio() {
      return stageFps / rawSideBySideFps;
    }
  }

  /**
   * Milliseconds per frame at the median and the 99th percentile: for raw ONNX Runtime one run; for
   * the stage from a frame's arrival to its detections leaving (waiting for a batch or a worker
   * included).
   */
  public record Latency(double p50, double p99) {
    static Latency of(List<Double> millis) {
      double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return new Latency(percentile(sorted, 0.5), percentile(sorted, 0.99));
    }

    /** Nearest rank: the smallest value with at least {@code q} of the values at or below it. */
    private static double percentile(double[] sorted, double q) {
      int rank = (int) Math.ceil(q * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
  }

  private DetectorStageBenchmark() {}

  /**
   * {@code raw} is the baseline session (all cores); {@code staged} is the one the stage runs,
   * batched per {@code batching} (the same object as {@code raw} with one worker).
   */
  public static List<Round> run(
      OnnxDetectorModel raw,
      OnnxDetectorModel staged,
      Batching batching,
      List<BufferedImage> images,
      int rounds,
      Consumer<String> progress)
      throws Exception {
    if (images.size() < 2 * batching.maxFrames()) {
      throw new IllegalArgumentException(
          "the stage is timed after its first batch: give at least two batches of frames ("
              + 2 * batching.maxFrames()
              + "), not "
              + images.size());
    }
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
      tensors.forEach(t -> raw.run(t, 1, size[1], size[0])); // warm-up
      stage(platform, staged, batching, frames, images.size(), state); // warm-up
      for (int round = 1; round <= rounds; round++) {
        List<Double> rawMillis = new ArrayList<>();
        long start = System.nanoTime();
        for (float[] tensor : tensors) {
          long run = System.nanoTime();
          raw.run(tensor, 1, size[1], size[0]);
          rawMillis.add((System.nanoTime() - run) / 1e6);
        }
        double rawFps = images.size() / ((System.nanoTime() - start) / 1e9);
        double sideBySideFps =
            batching.sideBySide()
                ? sideBySide(staged, tensors, size, batching.workers())
                : Double.NaN;
        StageRun stage = stage(platform, staged, batching, frames, images.size(), state);
        Round result =
            new Round(
                rawFps,
                sideBySideFps,
                stage.fps(),
                stage.libraryMillis(),
                Latency.of(rawMillis),
                stage.latency());
        results.add(result);
        progress.accept(
            String.format(
                "round %d/%d: raw ONNX Runtime %.2f frames/s (%.0f ms/frame, p50 %.0f p99 %.0f"
                    + " ms)%s, stage %.2f frames/s (%.0f ms/frame; %.0f ms per run in the"
                    + " detector library; frame latency p50 %.0f p99 %.0f ms), ratio %.2f%s",
                round,
                rounds,
                rawFps,
                1000 / rawFps,
                result.raw().p50(),
                result.raw().p99(),
                batching.sideBySide()
                    ? String.format(", side by side %.2f frames/s", sideBySideFps)
                    : "",
                stage.fps(),
                1000 / stage.fps(),
                stage.libraryMillis(),
                stage.latency().p50(),
                stage.latency().p99(),
                result.ratio(),
                batching.sideBySide()
                    ? String.format(" (%.2f side by side)", result.sideBySideRatio())
                    : ""));
      }
    }
    return results;
  }

  /** Frames per second of {@code workers} threads each running one tensor at a time. */
  private static double sideBySide(
      OnnxDetectorModel model, List<float[]> tensors, int[] size, int workers) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      long start = System.nanoTime();
      List<Future<?>> runs = new ArrayList<>();
      for (float[] tensor : tensors) {
        runs.add(pool.submit(() -> model.run(tensor, 1, size[1], size[0])));
      }
      for (Future<?> run : runs) {
        run.get();
      }
      return tensors.size() / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One stage run: its rate, its mean time per run in the library, and its frame latency. */
  private record StageRun(double fps, double libraryMillis, Latency latency) {}

  /**
   * Runs a fresh stage over the whole topic: frames per second from first to last frame, the mean
   * milliseconds per inference run spent in the detector library, and the frames' latency in the
   * stage.
   */
  private static StageRun stage(
      EmbeddedPlatform platform,
      OnnxDetectorModel model,
      Batching batching,
      String frames,
      int count,
      Path state)
      throws InterruptedException {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    KafkaStreams streams =
        new KafkaStreams(
            DetectorTopology.build(
                platform.newRegistryClient(),
                ModelSource.fixed(
                    PlateDetector.withDefaults(model), new ModelRef("plate-detector", 1)),
                new DetectorMetrics(meters),
                batching,
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
        if (done >= batching.maxFrames() && first == 0) {
          first = System.nanoTime();
        }
        double dead = meters.get("platestream.detector.dead.letters").counter().count();
        if (dead > 0) {
          // Dead-lettered frames count as processed but were never detected: no rate to report.
          throw new IllegalStateException(
              (long) dead
                  + " of the benchmark's frames went to the dead-letter topic instead of being"
                  + " detected; see the log for the cause");
        }
        if (done >= count) {
          // The clock starts when the first batch (or the first frames in flight) is out: every
          // frame is on the topic before the stage starts, so the rest are what it timed.
          double fps = (count - batching.maxFrames()) / ((System.nanoTime() - first) / 1e9);
          double libraryMillis =
              meters
                  .get("platestream.detector.inference")
                  .timer()
                  .mean(java.util.concurrent.TimeUnit.MILLISECONDS);
          var latency = meters.get("platestream.detector.frame.latency").timer().takeSnapshot();
          return new StageRun(
              fps,
              libraryMillis,
              new Latency(percentileMillis(latency, 0.5), percentileMillis(latency, 0.99)));
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

  private static double percentileMillis(
      io.micrometer.core.instrument.distribution.HistogramSnapshot snapshot, double q) {
    for (var value : snapshot.percentileValues()) {
      if (value.percentile() == q) {
        return value.value(java.util.concurrent.TimeUnit.MILLISECONDS);
      }
    }
    throw new IllegalStateException("the frame latency meter publishes no " + q + " percentile");
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
