package io.platestream.detector.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.Scene;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.models.serving.ModelLease;
import io.platestream.models.serving.ModelSource;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.StreamsStageConfig;
import io.platestream.platform.TopicLayout;
import io.platestream.schemas.DeadLetters;
import io.platestream.schemas.Frame;
import io.platestream.schemas.LedgerEntry;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestConsumers;
import io.platestream.testing.TestTopics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The detector stage as a KafkaStreams app on the real in-process broker, exactly-once. */
@ExtendWith(EmbeddedPlatformExtension.class)
class DetectorStageOnBrokerTest {
  @TempDir Path stateDir;

  @Test
  void poisonFrameLandsInTheDeadLetterTopicWhileTheNextFrameIsDetected(EmbeddedPlatform platform)
      throws Exception {
    FontsAvailableAccess.require();
    String frames = TestTopics.create(platform, "frames", 2);
    String plates = TestTopics.create(platform, "plates", 2);
    platform.kafka().createTopics(2, frames + ".dlq");
    String ledger = TestTopics.create(platform, "ledger", 1);
    Scene scene = StageFixtures.scene(7);

    try (SchemaRegistryClient registry = platform.newRegistryClient();
        OnnxDetectorModel model = OnnxDetectorModel.pretrained(ExecutionProvider.CPU, 2);
        KafkaStreams streams =
            new KafkaStreams(
                DetectorTopology.build(
                    DetectorTopology.Spec.of(
                            registry,
                            PlateDetector.withDefaults(model),
                            new ModelRef("plate-detector", 1))
                        .withTopics(frames, plates)
                        .withLedgerTopic(ledger)),
                streamsProps(platform))) {
      streams.start();

      Frame good = StageFixtures.frame("gate-1", 1, scene);
      Frame poison =
          Frame.newBuilder(good).setSeq(2).setJpeg(ByteBuffer.wrap(new byte[] {1, 2, 3})).build();
      Frame next = StageFixtures.frame("gate-1", 3, scene);
      // Frames 4 to 6 never reach the stage (dropped at ingest, or expired on the topic).
      Frame afterGap = StageFixtures.frame("gate-1", 7, scene);
      try (KafkaProducer<String, Frame> producer =
          new KafkaProducer<>(
              producerProps(platform), new StringSerializer(), new AvroSerializer<>(registry))) {
        for (Frame frame : List.of(good, poison, next, afterGap))
          producer
              .send(new ProducerRecord<>(frames, frame.getCameraId(), frame))
              .get(30, TimeUnit.SECONDS);
      }

      List<PlateDetection> detections = new ArrayList<>();
      List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
      try (KafkaConsumer<String, PlateDetection> plateConsumer =
              TestConsumers.readCommitted(
                  platform, plates, new AvroDeserializer<>(PlateDetection.class, registry));
          KafkaConsumer<String, byte[]> dlqConsumer =
              TestConsumers.readCommitted(platform, frames + ".dlq", new ByteArrayDeserializer())) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline
            && !(seqs(detections).contains(7L) && dead.size() == 1)) {
          plateConsumer.poll(Duration.ofMillis(200)).forEach(r -> detections.add(r.value()));
          dlqConsumer.poll(Duration.ofMillis(50)).forEach(dead::add);
        }
      }

      assertThat(seqs(detections)).containsExactly(1L, 3L, 7L);
      long perFrame = detections.stream().filter(d -> d.getFrame().getSeq() == 1).count();
      assertThat(detections.stream().filter(d -> d.getFrame().getSeq() == 3).count())
          .isEqualTo(perFrame);
      assertThat(dead).hasSize(1);
      assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.ERROR_MESSAGE).value()))
          .contains("gate-1/2");
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);

      // The ledger accounts for every frame: three detected, one dead-lettered, the plates, and the
      // three numbers that never arrived.
      LedgerEntry entry = null;
      try (KafkaConsumer<String, LedgerEntry> ledgerConsumer =
          TestConsumers.readCommitted(
              platform, ledger, new AvroDeserializer<>(LedgerEntry.class, registry))) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline
            && (entry == null
                || entry.getCounts().getOrDefault("detected", 0L)
                        + entry.getCounts().getOrDefault("dead_lettered", 0L)
                    < 4)) {
          for (var record : ledgerConsumer.poll(Duration.ofMillis(200))) {
            assertThat(record.key()).isEqualTo("detector/gate-1");
            entry = record.value();
          }
        }
      }
      assertThat(entry).isNotNull();
      assertThat(entry.getStage()).isEqualTo("detector");
      assertThat(entry.getCounts())
          .containsEntry("detected", 3L)
          .containsEntry("dead_lettered", 1L)
          .containsEntry("plates", (long) detections.size())
          .containsEntry("missing", 3L)
          .containsEntry("last_seq", 7L)
          .doesNotContainKey("shed");
    }
  }

  @Test
  void framesWaitingInTheBatchBufferSurviveARestartWithLostLocalState(EmbeddedPlatform platform)
      throws Exception {
    // Only a full batch of 5 flushes: the first run's three frames wait in the buffer; the second
    // run's two complete the batch.
    List<PlateDetection> detections =
        restartWithLostLocalState(
            platform, Batching.batched(5, Duration.ofMinutes(10)), false, 3, 5, 5);

    assertThat(seqs(detections)).containsExactly(1L, 2L, 3L, 4L, 5L);
    long perFrame = detections.stream().filter(d -> d.getFrame().getSeq() == 1).count();
    assertThat(detections).hasSize((int) (5 * perFrame)); // each frame detected exactly once
  }

  @Test
  void framesInFlightOnSideBySideWorkersSurviveARestartWithLostLocalState(EmbeddedPlatform platform)
      throws Exception {
    // The first run's workers are held back, so its three frames are still in flight when it
    // stops, their offsets committed; the second run starts them again before frames 4-7.
    List<PlateDetection> detections =
        restartWithLostLocalState(platform, new Batching.SideBySide(2, 3), true, 3, 7, 7);

    assertThat(seqs(detections)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    long perFrame = detections.stream().filter(d -> d.getFrame().getSeq() == 1).count();
    assertThat(detections).hasSize((int) (7 * perFrame)); // each frame detected exactly once
    assertThat(detections.stream().map(d -> d.getFrame().getSeq()).toList())
        .as("in arrival order")
        .isSorted();
  }

  /**
   * Runs the batched stage over frames 1..{@code firstRun} (with {@code holdFirstRun}, its model
   * never reaches the workers), checks it published nothing, stops it, deletes its local state, and
   * runs it again over frames up to {@code lastFrame}; returns the second run's detections once
   * {@code expectedFrames} frames have some (or 90 s have passed).
   */
  private List<PlateDetection> restartWithLostLocalState(
      EmbeddedPlatform platform,
      Batching batching,
      boolean holdFirstRun,
      int firstRun,
      int lastFrame,
      int expectedFrames)
      throws Exception {
    FontsAvailableAccess.require();
    String frames = TestTopics.create(platform, "frames", 1);
    String plates = TestTopics.create(platform, "plates", 1);
    platform.kafka().createTopics(1, frames + ".dlq");
    Scene scene = StageFixtures.scene(7);
    Properties props = streamsProps(platform);

    try (SchemaRegistryClient registry = platform.newRegistryClient();
        OnnxDetectorModel model = OnnxDetectorModel.pretrained(ExecutionProvider.CPU, 1);
        KafkaProducer<String, Frame> producer =
            new KafkaProducer<>(
                producerProps(platform), new StringSerializer(), new AvroSerializer<>(registry));
        KafkaConsumer<String, PlateDetection> consumer =
            TestConsumers.readCommitted(
                platform, plates, new AvroDeserializer<>(PlateDetection.class, registry))) {
      ModelSource<PlateDetector> served =
          ModelSource.fixed(PlateDetector.withDefaults(model), new ModelRef("plate-detector", 1));
      KafkaStreams first =
          batched(
              registry, holdFirstRun ? heldBack(served) : served, batching, frames, plates, props);
      try {
        for (int seq = 1; seq <= firstRun; seq++) {
          producer
              .send(
                  new ProducerRecord<>(frames, "gate-1", StageFixtures.frame("gate-1", seq, scene)))
              .get(30, TimeUnit.SECONDS);
        }
        awaitCommittedOffset(
            platform, props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), frames, firstRun);
      } finally {
        first.close(
            CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
      }
      // The frames are committed as read but not published: they live only in the buffer, whose
      // changelog takes records as large as the frames topic does.
      assertThat(consumer.poll(Duration.ofSeconds(2))).as("published by the first run").isEmpty();
      assertThat(
              maxMessageBytes(
                  platform,
                  props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)
                      + "-"
                      + DetectorTopology.PENDING_STORE
                      + "-changelog"))
          .isEqualTo(TopicLayout.FRAME_MAX_MESSAGE_BYTES);
      try (var paths = java.nio.file.Files.walk(stateDir)) {
        paths
            .sorted(java.util.Comparator.reverseOrder())
            .filter(p -> !p.equals(stateDir))
            .forEach(p -> p.toFile().delete());
      }

      KafkaStreams second = batched(registry, served, batching, frames, plates, props);
      List<PlateDetection> detections = new ArrayList<>();
      try {
        for (int seq = firstRun + 1; seq <= lastFrame; seq++) {
          producer
              .send(
                  new ProducerRecord<>(frames, "gate-1", StageFixtures.frame("gate-1", seq, scene)))
              .get(30, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && seqs(detections).size() < expectedFrames) {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> detections.add(r.value()));
        }
        consumer.poll(Duration.ofSeconds(1)).forEach(r -> detections.add(r.value()));
      } finally {
        second.close(
            CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
      }
      return detections;
    }
  }

  private static KafkaStreams batched(
      SchemaRegistryClient registry,
      ModelSource<PlateDetector> detectors,
      Batching batching,
      String frames,
      String plates,
      Properties props) {
    KafkaStreams streams =
        new KafkaStreams(
            DetectorTopology.build(
                DetectorTopology.Spec.of(registry, detectors)
                    .withBatching(batching)
                    .withTopics(frames, plates)),
            props);
    streams.start();
    return streams;
  }

  /**
   * The same model, except that a worker asking a lease for it waits until it is interrupted (the
   * stage stopping): detection slower than the run lasts, without a timing to depend on.
   */
  private static ModelSource<PlateDetector> heldBack(ModelSource<PlateDetector> source) {
    return () -> {
      ModelLease<PlateDetector> lease = source.acquire();
      return new ModelLease<>() {
        @Override
        public PlateDetector model() {
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IllegalStateException("held back until the stage stopped");
        }

        @Override
        public ModelRef ref() {
          return lease.ref();
        }

        @Override
        public void close() {
          lease.close();
        }
      };
    };
  }

  private static String maxMessageBytes(EmbeddedPlatform platform, String topic) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            java.util.Map.<String, Object>of("bootstrap.servers", platform.bootstrapServers()))) {
      var resource =
          new org.apache.kafka.common.config.ConfigResource(
              org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
      return admin
          .describeConfigs(List.of(resource))
          .all()
          .get(30, TimeUnit.SECONDS)
          .get(resource)
          .get("max.message.bytes")
          .value();
    }
  }

  private static void awaitCommittedOffset(
      EmbeddedPlatform platform, String group, String topic, long offset) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            java.util.Map.<String, Object>of("bootstrap.servers", platform.bootstrapServers()))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline) {
        var committed =
            admin
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get()
                .get(new org.apache.kafka.common.TopicPartition(topic, 0));
        if (committed != null && committed.offset() >= offset) {
          return;
        }
        Thread.sleep(100);
      }
      throw new AssertionError("the stage did not commit offset " + offset + " of " + topic);
    }
  }

  private static List<Long> seqs(List<PlateDetection> detections) {
    return detections.stream().map(d -> d.getFrame().getSeq()).distinct().sorted().toList();
  }

  /** The stages' exactly-once settings, under a fresh application id. */
  private Properties streamsProps(EmbeddedPlatform platform) {
    return StreamsStageConfig.properties(
        "detector-" + UUID.randomUUID(), platform.bootstrapServers(), stateDir);
  }

  private static Properties producerProps(EmbeddedPlatform platform) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return props;
  }
}
