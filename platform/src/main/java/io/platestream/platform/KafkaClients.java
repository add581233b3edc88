package io.platestream.platform;

import io.platestream.schemas.KafkaSecurity;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The client settings PlateStream's own producers and consumers share, and reading a topic whole.
 */
public final class KafkaClients {
  private KafkaClients() {}

  /** A producer whose acknowledged records are on every in-sync replica, never duplicated. */
  public static Map<String, Object> reliableProducer(String bootstrapServers) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return KafkaSecurity.applyTo(config);
  }

  /**
   * A consumer that sees only committed records and commits offsets itself (never automatically).
   *
   * @param groupId the consumer group, or null for a consumer that assigns partitions itself
   */
  public static Map<String, Object> committedReader(String bootstrapServers, String groupId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    if (groupId != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
      config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }
    return KafkaSecurity.applyTo(config);
  }

  /**
   * The latest value of every key of a (compacted) topic, read from its beginning to the end it had
   * when the read began; a tombstone removes its key. Every change acknowledged before the call is
   * seen.
   *
   * @throws IllegalStateException when the topic does not exist or cannot be read within {@code
   *     limit}
   */
  public static <V> Map<String, V> latestByKey(
      String bootstrapServers, String topic, Deserializer<V> values, Duration limit) {
    Map<String, V> latest = new LinkedHashMap<>();
    readToEnd(
        bootstrapServers,
        topic,
        values,
        limit,
        (key, value) -> {
          if (value == null) {
            latest.remove(key);
          } else {
            latest.put(key, value);
          }
        });
    return latest;
  }

  /**
   * Every value of a topic, in partition order, from its beginning to the end it had at the call.
   */
  public static <V> java.util.List<V> readAll(
      String bootstrapServers, String topic, Deserializer<V> values, Duration limit) {
    java.util.List<V> all = new java.util.ArrayList<>();
    readToEnd(
        bootstrapServers,
        topic,
        values,
        limit,
        (key, value) -> {
          if (value != null) {
            all.add(value);
          }
        });
    return all;
  }

  private static <V> void readToEnd(
      String bootstrapServers,
      String topic,
      Deserializer<V> values,
      Duration limit,
      BiConsumer<String, V> each) {
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            committedReader(bootstrapServers, null), new StringDeserializer(), values)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      pollToEnd(consumer, partitions, limit, each);
    }
  }

  /**
   * Hands {@code each} every record from the consumer's positions on {@code partitions} (assigned
   * to it) to the ends they have at the call: a caller that keeps the consumer reads only what came
   * since the last call.
   */
  public static <V> void pollToEnd(
      KafkaConsumer<String, V> consumer,
      List<TopicPartition> partitions,
      Duration limit,
      BiConsumer<String, V> each) {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    long deadline = System.nanoTime() + limit.toNanos();
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "could not read " + partitions.get(0).topic() + " to its end within " + limit);
      }
      consumer.poll(Duration.ofMillis(200)).forEach(r -> each.accept(r.key(), r.value()));
    }
  }

  /** The topic's partitions, waiting briefly for a topic created a moment ago to be known. */
  public static List<TopicPartition> partitions(KafkaConsumer<String, ?> consumer, String topic) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      if (!partitions.isEmpty()) {
        return partitions;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the topic " + topic + " does not exist");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while looking for " + topic, e);
      }
    }
  }
}
