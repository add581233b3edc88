package io.platestream.sink.hotlist;

import io.platestream.schemas.HotlistAlert;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.Topics;
import io.platestream.schemas.Watchlist;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Hotlist alerts as data flows:
 *
 * <pre>
 *   platestream.watchlists --> (global store "watchlists": every instance holds every list)
 *   platestream.events --> match --> platestream.alerts      (one HotlistAlert per matching entry)
 *                               \--> platestream.events.dlq  (not a plate event)
 * </pre>
 *
 * Run with exactly-once: an alert is written in the same transaction as the input offset and the
 * "alerted" store entry, so a restart neither loses nor repeats one.
 */
public final class HotlistTopology {
  static final String WATCHLISTS_STORE = "watchlists";
  static final String ALERTED_STORE = "alerted";
  static final String ALERTS_SINK = "alerts";
  static final String DEAD_LETTER_SINK = "events-dlq";

  /** Topic names; tests use unique ones. */
  public record TopicNames(String events, String watchlists, String alerts, String labels) {
    public static TopicNames defaults() {
      return new TopicNames(Topics.EVENTS, Topics.WATCHLISTS, Topics.ALERTS, Topics.LABELS);
    }

    /** Test topics: the labels go to {@code <events>.labels}. */
    public TopicNames(String events, String watchlists, String alerts) {
      this(events, watchlists, alerts, events + ".labels");
    }
  }

  private HotlistTopology() {}

  @SuppressWarnings("unchecked")
  public static Topology build(
      SchemaRegistryClient registry, TopicNames topics, HotlistMetrics metrics) {
    Topology topology = new Topology();
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(WATCHLISTS_STORE),
                Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled(), // the compacted topic is the store's changelog
        "watchlists-source",
        new StringDeserializer(),
        new ByteArrayDeserializer(),
        topics.watchlists(),
        "watchlists-loader",
        WatchlistLoader::new);
    topology.addSource(
        "events", new StringDeserializer(), new ByteArrayDeserializer(), topics.events());
    topology.addProcessor(
        "match",
        () ->
            new MatchProcessor(
                new AvroDeserializer<>(PlateEvent.class, registry),
                new AvroDeserializer<>(Watchlist.class, registry),
                metrics),
        "events");
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(ALERTED_STORE), Serdes.String(), Serdes.Long()),
        "match");
    Serializer<Object> alerts =
        (Serializer<Object>) (Serializer<?>) new AvroSerializer<HotlistAlert>(registry);
    Serializer<Object> raw = (Serializer<Object>) (Serializer<?>) new ByteArraySerializer();
    topology.addSink(ALERTS_SINK, topics.alerts(), new StringSerializer(), alerts, "match");
    topology.addSink(
        DEAD_LETTER_SINK, Topics.deadLetter(topics.events()), new StringSerializer(), raw, "match");
    return topology;
  }
}
