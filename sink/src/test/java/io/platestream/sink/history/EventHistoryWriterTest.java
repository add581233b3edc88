package io.platestream.sink.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.DeadLetters;
import io.platestream.schemas.PlateCandidate;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.sink.testing.HistoryDatabaseExtension;
import io.platestream.sink.testing.LocalPostgres;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestConsumers;
import io.platestream.testing.TestTopics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The writer between the real broker and a real PostgreSQL server. */
@ExtendWith({EmbeddedPlatformExtension.class, HistoryDatabaseExtension.class})
class EventHistoryWriterTest {
  private final EmbeddedPlatform platform;
  private final LocalPostgres postgres;
  private final HistoryDatabase database;
  private String topic;
  private SchemaRegistryClient schemas;

  EventHistoryWriterTest(
      EmbeddedPlatform platform, LocalPostgres postgres, HistoryDatabase database) {
    this.platform = platform;
    this.postgres = postgres;
    this.database = database;
  }

  @BeforeEach
  void setUp() {
    topic = TestTopics.create(platform, "events", 2);
    platform.kafka().createTopics(1, topic + ".dlq");
    schemas = platform.newRegistryClient();
  }

  @Test
  void eventsAreStoredOnceEachAndPoisonGoesToTheDeadLetterTopic() throws Exception {
    PlateEvent first = event("gate/1", "京A12345", 1_000);
    PlateEvent corrected = PlateEvent.newBuilder(first).setPlate("京A12346").setReadCount(9).build();
    PlateEvent second = event("gate/2", "沪B67890", 2_000);

    try (EventHistoryWriter writer = writer(EventHistoryWriter.Settings.defaults()).start();
        KafkaConsumer<String, byte[]> dlq =
            TestConsumers.readCommitted(platform, topic + ".dlq", new ByteArrayDeserializer())) {
      produce(first, second);
      produceRaw("gate", "not an event".getBytes(StandardCharsets.UTF_8));
      produce(corrected); // the same event id again: its row is replaced, not doubled
      await(() -> count("SELECT count(*) FROM plate_events WHERE read_count = 9") == 1);

      assertThat(count("SELECT count(*) FROM plate_events")).isEqualTo(2);
      try (Connection c = database.dataSource().getConnection();
          Statement s = c.createStatement();
          ResultSet row =
              s.executeQuery(
                  "SELECT plate, plate_hmac, camera_id, candidates::text, length(best_crop),"
                      + " extract(epoch from first_seen) * 1000, recognizer_version"
                      + " FROM plate_events WHERE event_id = 'gate/1'")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString(1)).isEqualTo("京A12346");
        assertThat(row.getString(2)).isNull();
        assertThat(row.getString(3)).isEqualTo("gate");
        assertThat(row.getString(4)).contains("\"text\": \"京A12345\"");
        assertThat(row.getInt(5)).isEqualTo(first.getBestCrop().remaining());
        assertThat(row.getLong(6)).isEqualTo(1_000);
        assertThat(row.getInt(7)).isEqualTo(first.getRecognizer().getVersion());
      }
      List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
      await(
          () -> {
            dlq.poll(Duration.ofMillis(200)).forEach(dead::add);
            return !dead.isEmpty();
          });
      assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not an event");
      assertThat(dead.get(0).headers().lastHeader(DeadLetters.STAGE).value())
          .isEqualTo("history".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void anEarlyEventIsStoredUntilItsFinalEventReplacesItAndNeverReplacesTheFinal() throws Exception {
    PlateEvent early =
        PlateEvent.newBuilder(event("gate/7", "京A12345", 1_000))
            .setProvisional(true)
            .setReadCount(2)
            .build();
    PlateEvent last = PlateEvent.newBuilder(early).setProvisional(false).setReadCount(8).build();
    try (EventHistoryWriter writer = writer(EventHistoryWriter.Settings.defaults()).start()) {
      produce(early);
      await(() -> count("SELECT count(*) FROM plate_events WHERE provisional") == 1);
      produce(last);
      await(() -> count("SELECT count(*) FROM plate_events WHERE read_count = 8") == 1);
      produce(early); // a replay of the early event after its final one
      produce(event("gate/8", "沪B67890", 2_000)); // stored after the replay: it was handled
      await(() -> count("SELECT count(*) FROM plate_events WHERE event_id = 'gate/8'") == 1);

      assertThat(count("SELECT count(*) FROM plate_events WHERE event_id = 'gate/7'")).isEqualTo(1);
      assertThat(
              count(
                  "SELECT count(*) FROM plate_events WHERE event_id = 'gate/7' AND read_count = 8"
                      + " AND NOT provisional"))
          .as("the final row stays")
          .isEqualTo(1);
    }
  }

  @Test
  void whileTheDatabaseIsDownEventsWaitInKafkaAndAllArriveWhenItIsBack() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (EventHistoryWriter writer =
        new EventHistoryWriter(
                platform.bootstrapServers(),
                schemas,
                database.dataSource(),
                EventHistoryWriter.Settings.defaults().withTopic(topic).withGroupId(topic),
                meters)
            .start()) {
      produce(event("lane/0", "粤C00000", 500));
      await(() -> writer.storedCount() == 1);

      postgres.stopServer();
      for (int i = 1; i <= 20; i++) {
        produce(event("lane/" + i, "粤C" + String.format("%05d", i), 500 + i * 100L));
      }
      await(() -> !writer.databaseUp());
      assertThat(meters.get("platestream.history.database.up").gauge().value()).isZero();
      postgres.startServer();

      await(() -> count("SELECT count(*) FROM plate_events") == 21);
      assertThat(writer.databaseUp()).isTrue();
      assertThat(meters.get("platestream.history.store.failures").counter().count()).isPositive();
    }
    // A writer of the same group that starts later finds nothing left to store: the offsets of
    // the stored batches were committed. (All "lane" events share a partition, so a replay would
    // be stored before the new event.)
    try (EventHistoryWriter again =
        new EventHistoryWriter(
                platform.bootstrapServers(),
                schemas,
                database.dataSource(),
                EventHistoryWriter.Settings.defaults().withTopic(topic).withGroupId(topic),
                new SimpleMeterRegistry())
            .start()) {
      produce(event("lane/21", "粤C00021", 9_000));
      await(() -> again.storedCount() >= 1);
      assertThat(again.storedCount()).isEqualTo(1);
    }
    assertThat(count("SELECT count(*) FROM plate_events")).isEqualTo(22);
  }

  @Test
  void aRebalanceWhileTheDatabaseIsDownLosesNoEvent() throws Exception {
    // Two writers share the group's two partitions; the database goes down with events waiting;
    // a third member joins, so partitions move while both writers are paused in their retry.
    int events = 40;
    String group = topic + "-rebalance";
    List<EventHistoryWriter> writers = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        writers.add(groupWriter(group));
      }
      produce(event("warm/0", "京A00000", 100));
      await(() -> writers.stream().mapToLong(EventHistoryWriter::storedCount).sum() == 1);

      postgres.stopServer();
      for (int i = 1; i <= events; i++) {
        produce(event("cam" + (i % 8) + "/" + i, "沪B" + String.format("%05d", i), 100L * i));
      }
      await(() -> writers.stream().noneMatch(EventHistoryWriter::databaseUp));
      writers.add(groupWriter(group)); // the forced rebalance
      Thread.sleep(8_000); // long enough for the group to settle while the database is away
      for (int i = events + 1; i <= events + 10; i++) {
        produce(event("cam" + (i % 8) + "/" + i, "沪B" + String.format("%05d", i), 100L * i));
      }
      postgres.startServer();

      await(() -> count("SELECT count(*) FROM plate_events") == events + 11);
      assertThat(writers).allSatisfy(writer -> assertThat(writer.problem()).isEmpty());
      // A writer commits right after it stores; wait for those commits before closing.
      await(() -> committedToEnd(group));
    } finally {
      for (EventHistoryWriter writer : writers) {
        writer.close();
      }
    }
    // Nothing is left uncommitted either: a new member of the group stores only a new event.
    try (EventHistoryWriter again = groupWriter(group)) {
      produce(event("late/1", "粤C99999", 99_000));
      await(() -> count("SELECT count(*) FROM plate_events") == events + 12);
      Thread.sleep(2_000);
      assertThat(again.storedCount()).isEqualTo(1);
    }
  }

  /** Whether the group's committed offsets reach the end of every partition of the topic. */
  private boolean committedToEnd(String group) {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.<String, Object>of("bootstrap.servers", platform.bootstrapServers()))) {
      Map<
              org.apache.kafka.common.TopicPartition,
              org.apache.kafka.clients.consumer.OffsetAndMetadata>
          committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>
          latest = new java.util.HashMap<>();
      for (int p = 0; p < 2; p++) {
        latest.put(
            new org.apache.kafka.common.TopicPartition(topic, p),
            org.apache.kafka.clients.admin.OffsetSpec.latest());
      }
      var ends = admin.listOffsets(latest).all().get();
      return ends.entrySet().stream()
          .allMatch(
              end ->
                  end.getValue().offset() == 0
                      || (committed.get(end.getKey()) != null
                          && committed.get(end.getKey()).offset() == end.getValue().offset()));
    } catch (Exception e) {
      return false;
    }
  }

  private EventHistoryWriter groupWriter(String group) {
    return new EventHistoryWriter(
            platform.bootstrapServers(),
            schemas,
            database.dataSource(),
            EventHistoryWriter.Settings.defaults().withTopic(topic).withGroupId(group),
            new SimpleMeterRegistry())
        .start();
  }

  @Test
  void hashedPlatesAreStoredAsKeyedHashesWithoutCrops() throws Exception {
    PlateProtection hmac = PlateProtection.hmac(new byte[32]);
    try (EventHistoryWriter writer =
        writer(EventHistoryWriter.Settings.defaults().withPlates(hmac, false)).start()) {
      produce(event("gate/7", "京A12345", 1_000));
      await(() -> writer.storedCount() == 1);
    }
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet row =
            s.executeQuery(
                "SELECT plate, plate_hmac, candidates::text, best_crop FROM plate_events")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1)).isNull();
      assertThat(row.getString(2)).hasSize(64).isEqualTo(hmac.protect("京A12345"));
      assertThat(row.getString(3)).doesNotContain("京A").contains(hmac.protect("京A12345"));
      assertThat(row.getBytes(4)).isNull();
    }
    assertThatThrownBy(() -> EventHistoryWriter.Settings.defaults().withPlates(hmac, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a crop shows the plate in clear");
    assertThatThrownBy(() -> PlateProtection.hmac(new byte[8]))
        .hasMessage("the plate hashing key must be at least 32 bytes, got 8");
  }

  private EventHistoryWriter writer(EventHistoryWriter.Settings settings) {
    return new EventHistoryWriter(
        platform.bootstrapServers(),
        schemas,
        database.dataSource(),
        settings.withTopic(topic).withGroupId(topic + "-" + System.nanoTime()),
        new SimpleMeterRegistry());
  }

  static PlateEvent event(String eventId, String plate, long firstSeenMs) {
    return PlateEvent.newBuilder(ContractExamples.event())
        .setEventId(eventId)
        .setCameraId(eventId.substring(0, eventId.indexOf('/')))
        .setPlate(plate)
        .setFirstSeenMs(firstSeenMs)
        .setLastSeenMs(firstSeenMs + 1_200)
        .setCandidates(List.of(new PlateCandidate(plate, 0.9f, true)))
        .build();
  }

  private void produce(PlateEvent... events) throws Exception {
    try (KafkaProducer<String, PlateEvent> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
            new StringSerializer(),
            new AvroSerializer<>(schemas))) {
      for (PlateEvent event : events) {
        producer.send(new ProducerRecord<>(topic, event.getCameraId(), event)).get();
      }
    }
  }

  private void produceRaw(String key, byte[] value) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private long count(String query) {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      return -1; // the database is down for a moment: not yet
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(50);
    }
  }
}
