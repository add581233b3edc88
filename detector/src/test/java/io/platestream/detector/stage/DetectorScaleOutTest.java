package io.platestream.detector.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.Scene;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.StreamsStageConfig;
import io.platestream.schemas.Frame;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestConsumers;
import io.platestream.testing.TestTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two detector processes with the same application id share a two-partition frames topic: each
 * takes one partition's cameras, and no frame is detected twice.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class DetectorScaleOutTest {

  @Test
  void twoInstancesSplitTheCamerasAndNoFrameIsProcessedTwice(
      EmbeddedPlatform platform, @TempDir Path state) throws Exception {
    FontsAvailableAccess.require();
    String frames = TestTopics.create(platform, "frames", 2);
    String plates = TestTopics.create(platform, "plates", 2);
    platform.kafka().createTopics(2, frames + ".dlq");
    String applicationId = "detector-" + UUID.randomUUID();
    List<String> cameras = List.of(cameraOnPartition(0), cameraOnPartition(1));
    Scene scene = StageFixtures.scene(11);
    int framesPerCamera = 6;

    SimpleMeterRegistry metersA = new SimpleMeterRegistry();
    SimpleMeterRegistry metersB = new SimpleMeterRegistry();
    try (SchemaRegistryClient registry = platform.newRegistryClient();
        OnnxDetectorModel model = OnnxDetectorModel.pretrained(ExecutionProvider.CPU, 1)) {
      KafkaStreams a =
          start(
              platform,
              registry,
              model,
              metersA,
              applicationId,
              frames,
              plates,
              state.resolve("a"));
      KafkaStreams b =
          start(
              platform,
              registry,
              model,
              metersB,
              applicationId,
              frames,
              plates,
              state.resolve("b"));
      try {
        awaitOneTaskEach(a, b);
        try (KafkaProducer<String, Frame> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    platform.bootstrapServers(),
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                    8 * 1024 * 1024),
                new StringSerializer(),
                new AvroSerializer<>(registry))) {
          for (int seq = 0; seq < framesPerCamera; seq++) {
            for (String camera : cameras) {
              producer.send(
                  new ProducerRecord<>(frames, camera, StageFixtures.frame(camera, seq, scene)));
            }
          }
          producer.flush();
        }

        List<PlateDetection> detections = new ArrayList<>();
        try (KafkaConsumer<String, PlateDetection> consumer =
            TestConsumers.readCommitted(
                platform, plates, new AvroDeserializer<>(PlateDetection.class, registry))) {
          long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
          while (System.nanoTime() < deadline
              && framesSeen(detections) < cameras.size() * framesPerCamera) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> detections.add(r.value()));
          }
          consumer.poll(Duration.ofSeconds(1)).forEach(r -> detections.add(r.value()));
        }

        assertThat(framesSeen(detections)).isEqualTo(cameras.size() * framesPerCamera);
        Set<String> ids = new HashSet<>();
        detections.forEach(
            d ->
                assertThat(ids.add(d.getDetectionId().toString()))
                    .as("duplicate %s", d.getDetectionId())
                    .isTrue());
        double byA = metersA.get("platestream.detector.frames").counter().count();
        double byB = metersB.get("platestream.detector.frames").counter().count();
        assertThat(byA).as("frames detected by instance A").isEqualTo(framesPerCamera);
        assertThat(byB).as("frames detected by instance B").isEqualTo(framesPerCamera);
      } finally {
        for (KafkaStreams streams : List.of(a, b)) {
          streams.close(
              CloseOptions.groupMembershipOperation(
                      CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                  .withTimeout(Duration.ofSeconds(30)));
        }
      }
    }
  }

  private static KafkaStreams start(
      EmbeddedPlatform platform,
      SchemaRegistryClient registry,
      OnnxDetectorModel model,
      SimpleMeterRegistry meters,
      String applicationId,
      String frames,
      String plates,
      Path state) {
    KafkaStreams streams =
        new KafkaStreams(
            DetectorTopology.build(
                DetectorTopology.Spec.of(
                        registry,
                        PlateDetector.withDefaults(model),
                        new ModelRef("plate-detector", 1))
                    .withMetrics(new DetectorMetrics(meters))
                    .withTopics(frames, plates)),
            StreamsStageConfig.properties(applicationId, platform.bootstrapServers(), state));
    streams.start();
    return streams;
  }

  /** Waits until the group has settled with one frames partition on each instance. */
  private static void awaitOneTaskEach(KafkaStreams a, KafkaStreams b) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (a.state() == KafkaStreams.State.RUNNING
          && b.state() == KafkaStreams.State.RUNNING
          && tasks(a) == 1
          && tasks(b) == 1) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "the two instances did not settle on one task each: " + tasks(a) + ", " + tasks(b));
  }

  private static int tasks(KafkaStreams streams) {
    return streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
  }

  private static long framesSeen(List<PlateDetection> detections) {
    return detections.stream()
        .map(d -> d.getFrame().getCameraId() + "/" + d.getFrame().getSeq())
        .distinct()
        .count();
  }

  /** A camera id that Kafka's default partitioner puts on {@code partition} of two. */
  private static String cameraOnPartition(int partition) {
    for (int i = 0; ; i++) {
      String camera = "cam-" + i;
      byte[] key = camera.getBytes(StandardCharsets.UTF_8);
      if (Utils.toPositive(Utils.murmur2(key)) % 2 == partition) {
        return camera;
      }
    }
  }
}
