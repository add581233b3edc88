package io.platestream.sink.testing;

import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.sink.hotlist.HotlistTopology;
import io.platestream.testing.TestTopics;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** The sink's topics made fresh for one test, and events written to them. */
public final class SinkTopics {
  private SinkTopics() {}

  /**
   * Events, compacted watchlists and labels, alerts and the events' dead-letter topic, one
   * partition each.
   */
  public static HotlistTopology.TopicNames create(EmbeddedPlatform platform) {
    HotlistTopology.TopicNames topics =
        new HotlistTopology.TopicNames(
            TestTopics.create(platform, "events", 1),
            TestTopics.unique("watchlists"),
            TestTopics.create(platform, "alerts", 1));
    platform
        .kafka()
        .createTopics(1, Map.of("cleanup.policy", "compact"), topics.watchlists(), topics.labels());
    platform.kafka().createTopics(1, Topics.deadLetter(topics.events()));
    return topics;
  }

  /** A sink on {@code topics} signing in the operator "operator" / "correct horse" alone. */
  public static io.platestream.sink.SinkService startSink(
      EmbeddedPlatform platform,
      SchemaRegistryClient schemas,
      HotlistTopology.TopicNames topics,
      java.nio.file.Path state) {
    return start(platform, schemas, topics, state, java.util.List.of(), Map.of());
  }

  /**
   * A sink on {@code topics} with the dashboard on a free local port, signing in the operator
   * "operator" / "correct horse", the bearer {@code token} and {@code reviewers}.
   */
  public static io.platestream.sink.SinkService startSink(
      EmbeddedPlatform platform,
      SchemaRegistryClient schemas,
      HotlistTopology.TopicNames topics,
      java.nio.file.Path state,
      String token,
      Map<String, String> reviewers) {
    return start(platform, schemas, topics, state, java.util.List.of(token), reviewers);
  }

  private static io.platestream.sink.SinkService start(
      EmbeddedPlatform platform,
      SchemaRegistryClient schemas,
      HotlistTopology.TopicNames topics,
      java.nio.file.Path state,
      java.util.List<String> tokens,
      Map<String, String> reviewers) {
    return io.platestream.sink.SinkService.start(
        platform.bootstrapServers(),
        schemas,
        io.platestream.sink.SinkService.Settings.of(
                new io.platestream.sink.web.Access(
                    "operator",
                    "correct horse",
                    tokens,
                    reviewers,
                    java.time.Duration.ofHours(1),
                    java.time.Clock.systemUTC()),
                state)
            .withHttp("127.0.0.1", 0)
            .withTopics(topics),
        io.platestream.platform.OperatorEndpoint.newRegistry(),
        java.util.List::of);
  }

  /** The labels on {@code topics}, the latest per event. */
  public static Map<String, io.platestream.schemas.PlateLabel> labels(
      EmbeddedPlatform platform, SchemaRegistryClient schemas, HotlistTopology.TopicNames topics) {
    return io.platestream.platform.KafkaClients.latestByKey(
        platform.bootstrapServers(),
        topics.labels(),
        new io.platestream.schemas.serde.AvroDeserializer<>(
            io.platestream.schemas.PlateLabel.class, schemas),
        java.time.Duration.ofSeconds(30));
  }

  /** Writes the events, keyed by camera, each acknowledged before the next. */
  public static void produce(
      EmbeddedPlatform platform, SchemaRegistryClient schemas, String topic, PlateEvent... events)
      throws Exception {
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
}
