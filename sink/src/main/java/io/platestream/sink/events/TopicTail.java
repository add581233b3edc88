package io.platestream.sink.events;

import io.platestream.platform.KafkaClients;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a topic from its last {@code backlog} records per partition on, handing each committed
 * record to a callback: what a live view needs (no consumer group, no offsets kept). A record that
 * does not decode is logged and skipped: the view shows what it can, the history writer and the
 * dead-letter topic keep the rest.
 */
public final class TopicTail<V extends SpecificRecord> implements AutoCloseable {
  private static final long WAIT_FOR_TOPIC_MS = 5_000;
  private final java.util.concurrent.CountDownLatch closing =
      new java.util.concurrent.CountDownLatch(1);
  private static final Logger log = LoggerFactory.getLogger(TopicTail.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final AvroDeserializer<V> values;
  private final String topic;
  private final int backlog;
  private final Consumer<V> callback;
  private final Thread thread;
  private volatile boolean running = true;

  public TopicTail(
      String bootstrapServers,
      SchemaRegistryClient schemas,
      Class<V> type,
      String topic,
      int backlog,
      Consumer<V> callback) {
    java.util.Map<String, Object> config =
        new java.util.HashMap<>(KafkaClients.committedReader(bootstrapServers, null));
    // A view only reads: a topic not created yet must not be created here with default settings.
    config.put(
        org.apache.kafka.clients.consumer.ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    this.consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    this.values = new AvroDeserializer<>(type, schemas);
    this.topic = topic;
    this.backlog = backlog;
    this.callback = callback;
    this.thread = new Thread(this::run, "tail-" + topic);
    thread.setDaemon(true);
  }

  public TopicTail<V> start() {
    thread.start();
    return this;
  }

  private void run() {
    try {
      List<TopicPartition> partitions = List.of();
      // A topic made later (the model registry's, by the first stage) is followed once it exists.
      while (running && partitions.isEmpty()) {
        partitions =
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        if (partitions.isEmpty()) {
          closing.await(WAIT_FOR_TOPIC_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
      }
      if (!running) {
        return;
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      consumer
          .endOffsets(partitions)
          .forEach((p, end) -> consumer.seek(p, Math.max(begin.get(p), end - backlog)));
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          try {
            V value = values.deserialize(record.topic(), record.value());
            if (value != null) {
              callback.accept(value);
            }
          } catch (RuntimeException e) {
            log.warn(
                "{}-{}@{} skipped by the live view: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                e.getMessage());
          }
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException | InterruptedException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("following {} stopped: {}", topic, e.toString(), e);
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    closing.countDown(); // ends a wait for the topic at once
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
