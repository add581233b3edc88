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
