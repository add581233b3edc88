package io.platestream.sink.hotlist;

import io.platestream.platform.KafkaClients;
import io.platestream.schemas.Watchlist;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Watchlists on their compacted topic: written by the API and the watchlist file, read back by
 * replaying the topic to its end (it is small), so every reader sees every acknowledged change.
 */
public final class WatchlistCatalog implements AutoCloseable {
  private final String topic;
  private final SchemaRegistryClient schemas;
  private final KafkaProducer<String, Watchlist> producer;
  private final String bootstrapServers;

  public WatchlistCatalog(String bootstrapServers, SchemaRegistryClient schemas, String topic) {
    this.topic = topic;
    this.schemas = schemas;
    this.producer =
        new KafkaProducer<>(
            KafkaClients.reliableProducer(bootstrapServers),
            new StringSerializer(),
            new AvroSerializer<>(schemas));
    this.bootstrapServers = bootstrapServers;
  }

  /** Publishes (creates or replaces) a list after checking it. */
  public Watchlist put(Watchlist list) {
    Watchlist checked =
        Watchlist.newBuilder(Watchlists.validated(list))
            .setUpdatedTimeMs(System.currentTimeMillis())
            .build();
    send(checked.getName(), checked);
    return checked;
  }

  /** Deletes a list; false when there was none. */
  public boolean delete(String name) {
    if (get(name).isEmpty()) {
      return false;
    }
    send(name, null);
    return true;
  }

  public Optional<Watchlist> get(String name) {
    return Optional.ofNullable(all().get(name));
  }

  /** Every list, by name. */
  public Map<String, Watchlist> all() {
    return new TreeMap<>(
        KafkaClients.latestByKey(
            bootstrapServers,
            topic,
            new AvroDeserializer<>(Watchlist.class, schemas),
            Duration.ofSeconds(30)));
  }

  private void send(String name, Watchlist list) {
    try {
      producer.send(new ProducerRecord<>(topic, name, list)).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot write watchlist " + name + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka did not acknowledge watchlist " + name + " in 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing watchlist " + name, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
