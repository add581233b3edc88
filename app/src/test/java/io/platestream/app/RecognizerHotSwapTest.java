package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.datasets.image.Images;
import io.platestream.datasets.plates.PlateType;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.PlateRenderer;
import io.platestream.models.artifact.ClasspathArtifacts;
import io.platestream.models.registry.ModelCatalog;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.models.serving.ModelFollower;
import io.platestream.models.serving.ShadowFollower;
import io.platestream.pipeline.OpenModels;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.StreamsStageConfig;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import io.platestream.recognizer.inference.PlateGrammar;
import io.platestream.recognizer.serving.ServedRecognizer;
import io.platestream.recognizer.stage.CropReader;
import io.platestream.recognizer.stage.RecognizerMetrics;
import io.platestream.recognizer.stage.RecognizerTopology;
import io.platestream.schemas.FrameRef;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.PlateRead;
import io.platestream.schemas.Point;
import io.platestream.schemas.Quad;
import io.platestream.schemas.ShadowComparison;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
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
 * The recognizer stage under continuous load on the real broker, with its models in the
 * Kafka-backed artifact store: a version runs in shadow, is promoted, a wrong one is refused, a
 * rollback goes back, and a restarted stage comes up on the production version of the moment. No
 * crop is lost or fails, and every read names the version that made it.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class RecognizerHotSwapTest {
  private static final String RECOGNIZER = PretrainedModels.RECOGNIZER;

  private final Map<Long, List<Integer>> versionsBySeq =
      Collections.synchronizedMap(new TreeMap<>());
  private final List<ShadowComparison> comparisons =
      Collections.synchronizedList(new ArrayList<>());

  @Test
  void theRecognizerStageSwapsShadowsAndRollsBackUnderLoadWithoutLosingACrop(
      EmbeddedPlatform platform, @TempDir Path state) throws Exception {
    FontsAvailableAccess.require();
    String plates = TestTopics.create(platform, "plates", 1);
    RecognizerTopology.TopicNames topics =
        new RecognizerTopology.TopicNames(
            plates,
            TestTopics.create(platform, "reads", 1),
            TestTopics.create(platform, "events", 1));
    String shadowTopic = TestTopics.create(platform, "shadow", 1);
    platform.kafka().createTopics(1, plates + ".dlq");
    String modelsTopic = TestTopics.unique("models");
    String artifactsTopic = TestTopics.unique("artifacts");
    platform
        .kafka()
        .createTopics(1, Map.of("cleanup.policy", "compact"), modelsTopic, artifactsTopic);
    byte[] crop = crop("京A18345");
    AtomicBoolean producing = new AtomicBoolean(true);
    AtomicLong produced = new AtomicLong();
    String applicationId = "recognizer-" + UUID.randomUUID();

    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        OpenModels models =
            OpenModels.open(
                platform.bootstrapServers(), schemas, modelsTopic, artifactsTopic, null);
        KafkaConsumer<String, PlateRead> reads =
            TestConsumers.readCommitted(
                platform, topics.reads(), new AvroDeserializer<>(PlateRead.class, schemas));
        KafkaConsumer<String, ShadowComparison> shadowOut =
            TestConsumers.readCommitted(
                platform, shadowTopic, new AvroDeserializer<>(ShadowComparison.class, schemas));
        KafkaConsumer<String, byte[]> dlq =
            TestConsumers.readCommitted(platform, plates + ".dlq", new ByteArrayDeserializer())) {
      ModelCatalog catalog = models.catalog();
      PretrainedModels.bootstrap(models.registry(), catalog);
      List<String> dictionary =
          models.registry().version(RECOGNIZER, 1).orElseThrow().getDictionary();
      Runnable poll = () -> poll(reads, shadowOut);
      Thread load = new Thread(() -> produce(platform, schemas, plates, crop, producing, produced));

      Stage stage =
          Stage.start(platform, models, schemas, topics, shadowTopic, applicationId, state);
      try {
        load.start();
        await(poll, () -> anyReadBy(1), "reads by version 1");

        // Version 2 (the same network, published again: it lands in the Kafka store) in shadow:
        // compared on every crop, while reads stay on version 1.
        byte[] onnx = ClasspathArtifacts.read(OnnxRecognizerModel.PRETRAINED_V4);
        assertThat(
                catalog
                    .publish(RECOGNIZER, onnx, dictionary, Map.of(), 1, "retrained")
                    .getArtifactUri()
                    .toString())
            .startsWith("kafka:" + artifactsTopic + "/");
        catalog.shadow(RECOGNIZER, 2, "test: shadow first");
        await(poll, () -> comparisons.size() >= 5, "shadow comparisons of version 2");
        assertThat(comparisons)
            .allSatisfy(
                c -> {
                  assertThat(c.getShadow()).isEqualTo(new ModelRef(RECOGNIZER, 2));
                  assertThat(c.getProduction()).isEqualTo(new ModelRef(RECOGNIZER, 1));
                  assertThat(c.getAgree()).as("the same network agrees with itself").isTrue();
                });
        assertThat(anyReadBy(2)).as("a shadow never writes reads").isFalse();

        catalog.promote(RECOGNIZER, 2, "test: promote the shadow");
        await(poll, () -> anyReadBy(2), "reads by version 2");

        // Version 3: a dictionary that does not fit the network's classes, refused.
        catalog.publish(
            RECOGNIZER, onnx, dictionary.subList(0, 100), Map.of(), 2, "a truncated dictionary");
        catalog.promote(RECOGNIZER, 3, "test: a wrong model");
        ModelFollower<?> serving = stage.production;
        await(poll, () -> serving.rejected().containsKey(3), "version 3 to be refused");
        long afterWrong = produced.get() + 20;
        await(poll, () -> highestSeq() >= afterWrong, "crops after the wrong version");
        assertThat(serving.rejected().get(3))
            .contains("its output has 6625 classes, but its dictionary needs 101");

        catalog.rollback(RECOGNIZER, "test: back to 2"); // 3 was never served: 2 again
        catalog.retire(RECOGNIZER, 3, "wrong dictionary");
        catalog.rollback(RECOGNIZER, "test: back to 1");
        long afterRollback = produced.get();
        await(
            poll, () -> anyReadBy(1, afterRollback), "reads by version 1 again after the rollback");

        // A stage stopped while version 1 serves comes back on the production version of the
        // moment, chosen while it was down.
        stage.close();
        catalog.promote(RECOGNIZER, 2, "test: forward again while the stage is down");
        stage = Stage.start(platform, models, schemas, topics, shadowTopic, applicationId, state);
        assertThat(stage.production.holder().current().getVersion()).isEqualTo(2);
        long afterRestart = produced.get();
        await(poll, () -> anyReadBy(2, afterRestart), "reads by version 2 after the restart");

        producing.set(false);
        load.join(10_000);
        long last = produced.get() - 1;
        await(poll, () -> versionsBySeq.containsKey(last), "the last crop");
      } finally {
        producing.set(false);
        stage.close();
      }

      // Nothing lost, nothing failed, nothing read twice (exactly-once across the restart).
      assertThat(versionsBySeq.keySet()).hasSize((int) produced.get());
      assertThat(versionsBySeq.values()).allSatisfy(l -> assertThat(l).hasSize(1));
      assertThat(dlq.poll(Duration.ofSeconds(1))).isEmpty();
      List<Integer> sequence = new ArrayList<>();
      versionsBySeq
          .values()
          .forEach(
              l -> {
                if (sequence.isEmpty() || !sequence.get(sequence.size() - 1).equals(l.get(0))) {
                  sequence.add(l.get(0));
                }
              });
      assertThat(sequence).containsExactly(1, 2, 1, 2);
    }
  }

  /** The stage as the recognize command runs it: production and shadow followers, streams. */
  private static final class Stage implements AutoCloseable {
    final ModelFollower<ServedRecognizer> production;
    final ShadowFollower<CropReader> shadow;
    final KafkaStreams streams;

    private Stage(
        ModelFollower<ServedRecognizer> production,
        ShadowFollower<CropReader> shadow,
        KafkaStreams streams) {
      this.production = production;
      this.shadow = shadow;
      this.streams = streams;
    }

    static Stage start(
        EmbeddedPlatform platform,
        OpenModels models,
        SchemaRegistryClient schemas,
        RecognizerTopology.TopicNames topics,
        String shadowTopic,
        String applicationId,
        Path state) {
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      PlateGrammar grammar = PlateGrammar.chineseMainland();
      ModelFollower<ServedRecognizer> production =
          ServedRecognizer.follow(models.registry(), models.store(), grammar, 1, meters);
      ShadowFollower<CropReader> served =
          ServedRecognizer.shadow(models.registry(), models.store(), grammar, 1, 1.0, meters);
      var shadow =
          new io.platestream.models.serving.Shadow<>(
              served.shadow().models(),
              served.shadow().share(),
              served.shadow().metrics(),
              shadowTopic);
      KafkaStreams streams =
          new KafkaStreams(
              RecognizerTopology.build(
                  RecognizerTopology.Spec.of(
                          schemas,
                          production.holder().map(ServedRecognizer::reader),
                          grammar::accepts)
                      .withShadow(shadow)
                      .withMetrics(new RecognizerMetrics(meters))
                      .withTopics(topics)),
              StreamsStageConfig.properties(
                  applicationId, platform.bootstrapServers(), state.resolve("streams")));
      streams.start();
      return new Stage(production, served, streams);
    }

    @Override
    public void close() {
      streams.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(30)));
      shadow.close();
      production.close();
    }
  }

  private boolean anyReadBy(int version) {
    return anyReadBy(version, -1);
  }

  private boolean anyReadBy(int version, long afterSeq) {
    synchronized (versionsBySeq) {
      return versionsBySeq.entrySet().stream()
          .anyMatch(e -> e.getKey() > afterSeq && e.getValue().contains(version));
    }
  }

  private long highestSeq() {
    synchronized (versionsBySeq) {
      return versionsBySeq.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
    }
  }

  private void poll(
      KafkaConsumer<String, PlateRead> reads, KafkaConsumer<String, ShadowComparison> shadow) {
    reads
        .poll(Duration.ofMillis(100))
        .forEach(
            r ->
                versionsBySeq
                    .computeIfAbsent(r.value().getFrame().getSeq(), s -> new ArrayList<>())
                    .add(r.value().getRecognizer().getVersion()));
    shadow.poll(Duration.ofMillis(100)).forEach(r -> comparisons.add(r.value()));
  }

  private static void await(Runnable poll, BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      poll.run();
    }
  }

  private static byte[] crop(String plate) {
    return Images.jpeg(
        new PlateRenderer(PlateFonts.load()).render(plate, PlateType.BLUE, 48, new Random(1)), 95);
  }

  private static void produce(
      EmbeddedPlatform platform,
      SchemaRegistryClient schemas,
      String topic,
      byte[] crop,
      AtomicBoolean producing,
      AtomicLong produced) {
    try (KafkaProducer<String, PlateDetection> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
            new StringSerializer(),
            new AvroSerializer<>(schemas))) {
      for (long seq = 0; producing.get(); seq++) {
        PlateDetection detection =
            PlateDetection.newBuilder()
                .setDetectionId("gate/" + seq + "/0")
                .setFrame(new FrameRef("gate", seq, seq * 100, 1280, 720))
                .setPlateIndex(0)
                .setPolygon(
                    new Quad(
                        new Point(100f, 100f),
                        new Point(240f, 100f),
                        new Point(240f, 145f),
                        new Point(100f, 145f)))
                .setScore(0.9f)
                .setCrop(ByteBuffer.wrap(crop))
                .setCropWidth(160)
                .setCropHeight(48)
                .setDetector(new ModelRef("plate-detector", 1))
                .setDetectTimeMs(seq * 100 + 50)
                .build();
        producer.send(new ProducerRecord<>(topic, "gate", detection)).get();
        produced.incrementAndGet();
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
