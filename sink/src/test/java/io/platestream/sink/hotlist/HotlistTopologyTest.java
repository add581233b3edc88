package io.platestream.sink.hotlist;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.AlertSeverity;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.DeadLetters;
import io.platestream.schemas.HotlistAlert;
import io.platestream.schemas.HotlistMatchType;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.Watchlist;
import io.platestream.schemas.WatchlistEntry;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The hotlist topology with the real registry, driven by TopologyTestDriver. */
@ExtendWith(EmbeddedPlatformExtension.class)
class HotlistTopologyTest {
  private SchemaRegistryClient registry;
  private HotlistTopology.TopicNames topics;

  @BeforeEach
  void setUp(EmbeddedPlatform platform) {
    registry = platform.newRegistryClient();
    topics =
        new HotlistTopology.TopicNames(
            TestTopics.unique("events"),
            TestTopics.unique("watchlists"),
            TestTopics.unique("alerts"));
  }

  @Test
  void eventsMatchingAnEntryAlertOnceEachAndADeletedListStopsAlerting() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (TopologyTestDriver driver = driver("hotlist-test", meters)) {
      TestInputTopic<String, byte[]> lists =
          driver.createInputTopic(
              topics.watchlists(), new StringSerializer(), new ByteArraySerializer());
      TestInputTopic<String, byte[]> events =
          driver.createInputTopic(
              topics.events(), new StringSerializer(), new ByteArraySerializer());
      AvroSerializer<org.apache.avro.specific.SpecificRecord> avro = new AvroSerializer<>(registry);
      Watchlist stolen =
          new Watchlist(
              "stolen",
              List.of(
                  entry("e1", HotlistMatchType.EXACT, "京A12345", AlertSeverity.CRITICAL),
                  entry("e2", HotlistMatchType.FUZZY, "沪B67890", AlertSeverity.WARNING)),
              1L);
      Watchlist fleet =
          new Watchlist(
              "fleet",
              List.of(entry("f1", HotlistMatchType.PATTERN, "京A1.*", AlertSeverity.INFO)),
              1L);
      lists.pipeInput("stolen", avro.serialize(topics.watchlists(), stolen));
      lists.pipeInput("fleet", avro.serialize(topics.watchlists(), fleet));

      PlateEvent exact = event("gate/1", "京A12345");
      events.pipeInput("gate", avro.serialize(topics.events(), exact));
      events.pipeInput("gate", avro.serialize(topics.events(), event("gate/2", "沪B67800")));
      events.pipeInput("gate", avro.serialize(topics.events(), event("gate/3", "粤C00000")));
      events.pipeInput("gate", avro.serialize(topics.events(), exact)); // replayed upstream
      events.pipeInput("gate", "not an event".getBytes(StandardCharsets.UTF_8));
      lists.pipeInput("stolen", (byte[]) null); // deleted
      events.pipeInput("gate", avro.serialize(topics.events(), event("gate/4", "京A12345")));
      // A car still in view: its early event alerts; its final event (same id) does not again.
      PlateEvent early =
          PlateEvent.newBuilder(event("gate/5", "京A19999")).setProvisional(true).build();
      events.pipeInput("gate", avro.serialize(topics.events(), early));
      events.pipeInput(
          "gate",
          avro.serialize(
              topics.events(),
              PlateEvent.newBuilder(early).setProvisional(false).setReadCount(9).build()));

      List<HotlistAlert> alerts =
          driver
              .createOutputTopic(
                  topics.alerts(),
                  new StringDeserializer(),
                  new AvroDeserializer<>(HotlistAlert.class, registry))
              .readValuesToList();

      assertThat(alerts)
          .extracting(a -> a.getAlertId() + " " + a.getMatchType() + " " + a.getEditDistance())
          .containsExactlyInAnyOrder(
              "gate/1/stolen/e1 EXACT 0",
              "gate/1/fleet/f1 PATTERN 0",
              "gate/2/stolen/e2 FUZZY 1",
              "gate/4/fleet/f1 PATTERN 0",
              "gate/5/fleet/f1 PATTERN 0");
      assertThat(
              alerts.stream()
                  .filter(a -> a.getAlertId().toString().startsWith("gate/5/"))
                  .findFirst()
                  .orElseThrow()
                  .getEvent()
                  .getProvisional())
          .as("raised by the early event")
          .isTrue();
      HotlistAlert critical =
          alerts.stream().filter(a -> a.getEntryId().equals("e1")).findFirst().orElseThrow();
      assertThat(critical.getSeverity()).isEqualTo(AlertSeverity.CRITICAL);
      assertThat(critical.getLabel()).isEqualTo("label of e1");
      assertThat(critical.getEvent()).isEqualTo(exact);
      assertThat(critical.getPlate()).isEqualTo("京A12345");
      assertThat(meters.get("platestream.hotlist.duplicates").counter().count()).isEqualTo(3);
      assertThat(
              driver
                  .createOutputTopic(
                      topics.events() + ".dlq",
                      new StringDeserializer(),
                      new ByteArrayDeserializer())
                  .readValuesToList())
          .hasSize(1);
    }
  }

  @Test
  void aPlateTooLongToMatchIsDeadLetteredAndTheNextEventStillAlerts() {
    try (TopologyTestDriver driver = driver("hotlist-long-plate", new SimpleMeterRegistry())) {
      AvroSerializer<org.apache.avro.specific.SpecificRecord> avro = new AvroSerializer<>(registry);
      // Java's regular expressions recurse once per repetition of a group: a long enough plate
      // takes the whole stack (StackOverflowError, which no RuntimeException catch sees).
      Watchlist fleet =
          new Watchlist(
              "fleet",
              List.of(entry("f1", HotlistMatchType.PATTERN, "(京|A|[0-9])*", AlertSeverity.INFO)),
              1L);
      driver
          .createInputTopic(topics.watchlists(), new StringSerializer(), new ByteArraySerializer())
          .pipeInput("fleet", avro.serialize(topics.watchlists(), fleet));
      TestInputTopic<String, byte[]> events =
          driver.createInputTopic(
              topics.events(), new StringSerializer(), new ByteArraySerializer());
      events.pipeInput(
          "gate", avro.serialize(topics.events(), event("gate/1", "A".repeat(20_000))));
      events.pipeInput("gate", avro.serialize(topics.events(), event("gate/2", "京A12345")));

      List<HotlistAlert> alerts =
          driver
              .createOutputTopic(
                  topics.alerts(),
                  new StringDeserializer(),
                  new AvroDeserializer<>(HotlistAlert.class, registry))
              .readValuesToList();
      assertThat(alerts)
          .extracting(a -> a.getAlertId().toString())
          .containsExactly("gate/2/fleet/f1");
      var dead =
          driver
              .createOutputTopic(
                  topics.events() + ".dlq", new StringDeserializer(), new ByteArrayDeserializer())
              .readRecordsToList();
      assertThat(dead).hasSize(1);
      assertThat(
              new String(
                  dead.get(0).headers().lastHeader(DeadLetters.ERROR_MESSAGE).value(),
                  StandardCharsets.UTF_8))
          .isEqualTo("event gate/1 has a plate of 20000 characters; a plate has at most 64");
    }
  }

  /** The hotlist topology under the test driver, counting into {@code meters}. */
  private TopologyTestDriver driver(String applicationId, SimpleMeterRegistry meters) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    return new TopologyTestDriver(
        HotlistTopology.build(registry, topics, new HotlistMetrics(meters)), props);
  }

  static WatchlistEntry entry(
      String id, HotlistMatchType type, String value, AlertSeverity severity) {
    return new WatchlistEntry(id, type, value, "label of " + id, severity);
  }

  static PlateEvent event(String eventId, String plate) {
    return PlateEvent.newBuilder(ContractExamples.event())
        .setEventId(eventId)
        .setCameraId("gate")
        .setPlate(plate)
        .build();
  }
}
