package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.datasets.image.Images;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.Scene;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.PlateVerifier;
import io.platestream.detector.serving.ServedDetector;
import io.platestream.detector.stage.DetectorMetrics;
import io.platestream.detector.stage.DetectorTopology;
import io.platestream.models.artifact.DirectoryArtifactStore;
import io.platestream.models.registry.ModelCatalog;
import io.platestream.models.registry.ModelRegistry;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.models.serving.ModelFollower;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.StreamsStageConfig;
import io.platestream.schemas.Frame;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestConsumers;
import io.platestream.testing.TestTopics;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detector stage under continuous load on the real broker while the registry's production
 * version changes: a good version is swapped in, a wrong one is refused, a rollback goes back; no
 * frame is lost or fails, and every detection names the version that made it.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class HotSwapTest {

  @Test
  void theDetectorStageSwapsVersionsUnderLoadWithoutLosingAFrame(
      EmbeddedPlatform platform, @TempDir Path state) throws Exception {
    FontsAvailableAccess.require();
    String frames = TestTopics.create(platform, "frames", 1);
    String plates = TestTopics.create(platform, "plates", 1);
    platform.kafka().createTopics(1, frames + ".dlq");
    String modelsTopic = TestTopics.unique("models");
    platform.kafka().createTopics(1, Map.of("cleanup.policy", "compact"), modelsTopic);
    Scene scene =
        new SceneRenderer(SceneConfig.defaults().withSize(640, 360), PlateFonts.load()).render(7);
    byte[] jpeg = Images.jpeg(scene.image(), 90);
    DirectoryArtifactStore artifacts = new DirectoryArtifactStore(state.resolve("artifacts"));
    AtomicBoolean producing = new AtomicBoolean(true);
    AtomicLong produced = new AtomicLong();

    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        ModelRegistry registry =
            new ModelRegistry(platform.bootstrapServers(), schemas, modelsTopic)) {
      ModelCatalog catalog = new ModelCatalog(registry, artifacts);
      PretrainedModels.bootstrap(registry, catalog);
      try (ModelFollower<ServedDetector> detector =
              ServedDetector.follow(
                  registry,
                  artifacts,
                  ExecutionProvider.CPU,
                  1,
                  PlateVerifier.acceptAll(),
                  new SimpleMeterRegistry());
          KafkaConsumer<String, PlateDetection> output =
              TestConsumers.readCommitted(
                  platform, plates, new AvroDeserializer<>(PlateDetection.class, schemas));
          KafkaConsumer<String, byte[]> dlq =
              TestConsumers.readCommitted(platform, frames + ".dlq", new ByteArrayDeserializer())) {
        KafkaStreams streams =
            new KafkaStreams(
                DetectorTopology.build(
                    DetectorTopology.Spec.of(
                            schemas, detector.holder().map(ServedDetector::detector))
                        .withMetrics(new DetectorMetrics(new SimpleMeterRegistry()))
                        .withTopics(frames, plates)),
                StreamsStageConfig.properties(
                    "detector-" + UUID.randomUUID(),
                    platform.bootstrapServers(),
                    state.resolve("streams")));
        Thread load =
            new Thread(() -> produce(platform, schemas, frames, jpeg, scene, producing, produced));
        try {
          streams.start();
          load.start();
          // Version frame seq -> model versions of its detections.
          Map<Long, List<Integer>> versions = new TreeMap<>();
          await(
              output,
              versions,
              v -> v.values().stream().anyMatch(l -> l.contains(1)),
              "detections by version 1");

          catalog.publish(
              PretrainedModels.DETECTOR,
              resource("models/ch_PP-OCRv3_det_infer.onnx"),
              null,
              Map.of(),
              1,
              "v3 architecture");
          catalog.promote(PretrainedModels.DETECTOR, 2, "test: swap under load");
          await(
              output,
              versions,
              v -> v.values().stream().anyMatch(l -> l.contains(2)),
              "detections by version 2");

          catalog.publish(
              PretrainedModels.DETECTOR,
              resource("models/ch_PP-OCRv4_rec_infer.onnx"),
              null,
              Map.of(),
              2,
              "a recognizer by mistake");
          catalog.promote(PretrainedModels.DETECTOR, 3, "test: a wrong model");
          long waitFor = produced.get() + 20;
          await(
              output,
              versions,
              v -> v.keySet().stream().anyMatch(seq -> seq >= waitFor),
              "frames after the wrong version");
          assertThat(detector.rejected()).containsKey(3);

          // Roll back twice: from the refused 3 to 2 (already serving), then from 2 to 1.
          catalog.rollback(PretrainedModels.DETECTOR, "test: away from the wrong model");
          catalog.retire(PretrainedModels.DETECTOR, 3, "wrong model");
          catalog.rollback(PretrainedModels.DETECTOR, "test: roll back to 1");
          long afterRollback = produced.get();
          await(
              output,
              versions,
              v ->
                  v.entrySet().stream()
                      .anyMatch(e -> e.getKey() > afterRollback && e.getValue().contains(1)),
              "detections by version 1 again after the rollback");

          producing.set(false);
          load.join(10_000);
          long last = produced.get() - 1;
          await(output, versions, v -> v.containsKey(last), "the last frame");

          // Nothing lost, nothing failed: every frame produced came out, and no dead letters.
          assertThat(versions.keySet()).hasSize((int) produced.get());
          assertThat(dlq.poll(Duration.ofSeconds(1))).isEmpty();
          // Each frame was detected by one version, and versions only moved 1 -> 2 -> 1.
          List<Integer> sequence = new ArrayList<>();
          versions
              .values()
              .forEach(
                  l -> {
                    assertThat(l).as("one version per frame").containsOnly(l.get(0));
                    if (sequence.isEmpty() || !sequence.get(sequence.size() - 1).equals(l.get(0))) {
                      sequence.add(l.get(0));
                    }
                  });
          assertThat(sequence).containsExactly(1, 2, 1);
        } finally {
          producing.set(false);
          streams.close(
              CloseOptions.groupMembershipOperation(
                      CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                  .withTimeout(Duration.ofSeconds(30)));
        }
      }
    }
  }

  private static void produce(
      EmbeddedPlatform platform,
      SchemaRegistryClient schemas,
      String topic,
      byte[] jpeg,
      Scene scene,
      AtomicBoolean producing,
      AtomicLong produced) {
    try (KafkaProducer<String, Frame> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
            new StringSerializer(),
            new AvroSerializer<>(schemas))) {
      for (long seq = 0; producing.get(); seq++) {
        Frame frame =
            Frame.newBuilder()
                .setCameraId("gate")
                .setSeq(seq)
                .setCaptureTimeMs(seq * 200)
                .setIngestTimeMs(seq * 200)
                .setWidth(scene.image().getWidth())
                .setHeight(scene.image().getHeight())
                .setJpeg(ByteBuffer.wrap(jpeg))
                .setSourceUri("test")
                .build();
        producer.send(new ProducerRecord<>(topic, "gate", frame)).get();
        produced.incrementAndGet();
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(
      KafkaConsumer<String, PlateDetection> output,
      Map<Long, List<Integer>> versions,
      Predicate<Map<Long, List<Integer>>> condition,
      String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.test(versions)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; versions so far " + versions);
      }
      output
          .poll(Duration.ofMillis(200))
          .forEach(
              r ->
                  versions
                      .computeIfAbsent(r.value().getFrame().getSeq(), s -> new ArrayList<>())
                      .add(r.value().getDetector().getVersion()));
    }
  }

  private static byte[] resource(String path) throws Exception {
    try (InputStream in = HotSwapTest.class.getClassLoader().getResourceAsStream(path)) {
      return in.readAllBytes();
    }
  }
}
