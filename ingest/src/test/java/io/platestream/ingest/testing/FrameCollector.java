package io.platestream.ingest.testing;

import io.platestream.schemas.Frame;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads every frame published to a topic, from the beginning, in a background thread. */
public final class FrameCollector implements AutoCloseable {
  private final List<ConsumerRecord<String, Frame>> records = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  public FrameCollector(String bootstrapServers, String registryUrl, String topic) {
    KafkaConsumer<String, Frame> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new AvroDeserializer<>(Frame.class, new RestSchemaRegistryClient(registryUrl)));
    consumer.assign(
        consumer.partitionsFor(topic).stream()
            .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
            .toList());
    thread =
        new Thread(
            () -> {
              try (consumer) {
                while (running) {
                  for (ConsumerRecord<String, Frame> record :
                      consumer.poll(Duration.ofMillis(200))) {
                    synchronized (records) {
                      records.add(record);
                      records.notifyAll();
                    }
                  }
                }
              } catch (RuntimeException e) {
                if (running) {
                  throw e;
                }
              }
            },
            "frame-collector-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  public List<ConsumerRecord<String, Frame>> records() {
    synchronized (records) {
      return List.copyOf(records);
    }
  }

  /** Waits until {@code condition} holds for the frames so far; fails after {@code timeout}. */
  public List<ConsumerRecord<String, Frame>> awaitRecords(
      Predicate<List<ConsumerRecord<String, Frame>>> condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (records) {
      while (!condition.test(records)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "timed out after "
                  + timeout
                  + " waiting for "
                  + what
                  + "; got "
                  + records.size()
                  + " frame(s)");
        }
        records.wait(Math.max(1, left / 1_000_000));
      }
      return List.copyOf(records);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5000);
  }
}
