package io.platestream.recognizer.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.StreamsStageConfig;
import io.platestream.recognizer.inference.CharacterDictionary;
import io.platestream.recognizer.inference.GrammarBeamDecoder;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import io.platestream.recognizer.inference.PlateGrammar;
import io.platestream.recognizer.inference.PlateRecognizer;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.PlateRead;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestConsumers;
import io.platestream.testing.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage as a KafkaStreams app on the real broker, exactly-once: stopped in the middle of a
 * pass, its local state wiped, started again, the pass still yields exactly one event, with every
 * read of both runs in it.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class RecognizerStageOnBrokerTest {

  @Test
  void aRestartInTheMiddleOfAPassStillYieldsOneEarlyAndOneFinalEvent(
      EmbeddedPlatform platform, @TempDir Path state) throws Exception {
    FontsAvailableAccess.require();
    RecognizerTopology.TopicNames topics =
        new RecognizerTopology.TopicNames(
            TestTopics.create(platform, "plates", 1),
            TestTopics.create(platform, "reads", 1),
            TestTopics.create(platform, "events", 1));
    platform.kafka().createTopics(1, topics.plates() + ".dlq");
    String applicationId = "recognizer-" + UUID.randomUUID();
    SchemaRegistryClient registry = platform.newRegistryClient();
    long t0 = System.currentTimeMillis();

    try (OnnxRecognizerModel model = OnnxRecognizerModel.pretrained(2);
        KafkaProducer<String, PlateDetection> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    platform.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all"),
                new StringSerializer(),
                new AvroSerializer<>(registry));
        KafkaConsumer<String, PlateRead> reads =
            TestConsumers.readCommitted(
                platform, topics.reads(), new AvroDeserializer<>(PlateRead.class, registry));
        KafkaConsumer<String, PlateEvent> events =
            TestConsumers.readCommitted(
                platform, topics.events(), new AvroDeserializer<>(PlateEvent.class, registry))) {
      PlateRecognizer recognizer = PlateRecognizer.withDefaults(model);
      GrammarBeamDecoder decoder =
          GrammarBeamDecoder.chineseDefaults(CharacterDictionary.ppocrKeysV1());
      // Idle timeout longer than the restart takes: the pass must survive it in the changelog.
      PassTracker.Settings tracking = new PassTracker.Settings(2_000, 2, 8_000);

      List<PlateEvent> seen = new ArrayList<>();
      KafkaStreams first =
          start(platform, registry, recognizer, decoder, tracking, topics, applicationId, state);
      try {
        sendSightings(producer, topics.plates(), t0, 0, 4);
        assertThat(poll(reads, 4, Duration.ofSeconds(60))).hasSize(4);
      } finally {
        leave(first);
      }
      // The state directory goes: the open pass can only come back from the changelog topic.
      deleteRecursively(state);

      KafkaStreams second =
          start(platform, registry, recognizer, decoder, tracking, topics, applicationId, state);
      try {
        sendSightings(producer, topics.plates(), t0, 4, 8);
        assertThat(poll(reads, 4, Duration.ofSeconds(60))).hasSize(4);
        // The early event of the first run, then the final one when the pass goes idle.
        seen.addAll(poll(events, 2, Duration.ofSeconds(60)));
        // Anything more would come within another idle period.
        seen.addAll(poll(events, Integer.MAX_VALUE, Duration.ofSeconds(3)));
      } finally {
        leave(second);
      }
      assertThat(seen).hasSize(2);
      PlateEvent early = seen.get(0);
      assertThat(early.getProvisional()).as("announced once, before the restart").isTrue();
      assertThat(early.getReadCount()).isEqualTo(2);
      PlateEvent event = seen.get(1);
      assertThat(event.getProvisional()).isFalse();
      assertThat(event.getEventId()).isEqualTo(early.getEventId());
      assertThat(event.getReadCount()).isEqualTo(8);
      assertThat(event.getFirstSeenMs()).isEqualTo(t0);
      assertThat(event.getLastSeenMs()).isEqualTo(t0 + 1400);
    }
  }

  private static KafkaStreams start(
      EmbeddedPlatform platform,
      SchemaRegistryClient registry,
      PlateRecognizer recognizer,
      GrammarBeamDecoder decoder,
      PassTracker.Settings tracking,
      RecognizerTopology.TopicNames topics,
      String applicationId,
      Path state) {
    KafkaStreams streams =
        new KafkaStreams(
            RecognizerTopology.build(
                RecognizerTopology.Spec.of(
                        registry,
                        CropReader.of(recognizer, decoder),
                        new ModelRef("plate-recognizer", 1),
                        PlateGrammar.chineseMainland()::accepts)
                    .withTracking(tracking)
                    .withTopics(topics)),
            StreamsStageConfig.properties(applicationId, platform.bootstrapServers(), state));
    streams.start();
    return streams;
  }

  /** Sightings {@code from} to {@code to} (exclusive) of one car, 200 ms apart from {@code t0}. */
  private static void sendSightings(
      KafkaProducer<String, PlateDetection> producer, String topic, long t0, int from, int to) {
    for (int i = from; i < to; i++) {
      producer.send(
          new ProducerRecord<>(
              topic,
              "gate",
              PlateStreamFixtures.detection("gate", i, t0 + i * 200L, "京A18345", i)));
    }
    producer.flush();
  }

  /** Stops and leaves the group, so that the next instance is assigned the tasks at once. */
  private static void leave(KafkaStreams streams) {
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
  }

  private static <V> List<V> poll(
      KafkaConsumer<String, V> consumer, int atLeast, Duration timeout) {
    List<V> values = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (values.size() < atLeast && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
    }
    return values;
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = java.nio.file.Files.walk(dir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .filter(p -> !p.equals(dir))
          .forEach(p -> p.toFile().delete());
    }
  }
}
