package io.platestream.bench.pipeline;

import io.platestream.platform.KafkaClients;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Times the events as a consumer sees them (read-committed, as the sink reads them): for each pass
 * whose first event arrives in the window, how long after the capture of the pass's first read and
 * of the latest read that event came; for each final event, how long after the pass's last read.
 */
final class EventClock implements AutoCloseable {
  /** What one window saw. */
  record Latencies(
      int passes,
      List<Long> firstAfterFirstCapture,
      List<Long> firstAfterLatestCapture,
      List<Long> finalAfterLastCapture) {}

  private final KafkaConsumer<String, PlateEvent> consumer;
  private final Thread thread;
  private final Set<String> announced = new HashSet<>();
  private boolean counting;
  private final List<Long> firstAfterFirst = new ArrayList<>();
  private final List<Long> firstAfterLatest = new ArrayList<>();
  private final List<Long> finals = new ArrayList<>();

  EventClock(String bootstrapServers, SchemaRegistryClient registry) {
    consumer =
        new KafkaConsumer<>(
            KafkaClients.committedReader(
                bootstrapServers, "platestream-bench-events-" + UUID.randomUUID()),
            new StringDeserializer(),
            new AvroDeserializer<>(PlateEvent.class, registry));
    consumer.subscribe(List.of(Topics.EVENTS));
    thread = new Thread(this::poll, "bench-event-clock");
    thread.setDaemon(true);
    thread.start();
  }

  private void poll() {
    try {
      while (true) {
        for (ConsumerRecord<String, PlateEvent> record : consumer.poll(Duration.ofMillis(100))) {
          long now = System.currentTimeMillis();
          PlateEvent event = record.value();
          synchronized (this) {
            boolean first = announced.add(event.getEventId());
            if (!counting) {
              continue;
            }
            if (first) {
              firstAfterFirst.add(now - event.getFirstSeenMs());
              firstAfterLatest.add(now - event.getLastSeenMs());
            }
            if (!event.getProvisional()) {
              finals.add(now - event.getLastSeenMs());
            }
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  synchronized void startWindow() {
    counting = true;
  }

  synchronized Latencies endWindow() {
    counting = false;
    return new Latencies(
        finals.size(),
        List.copyOf(firstAfterFirst),
        List.copyOf(firstAfterLatest),
        List.copyOf(finals));
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    thread.join(10_000);
  }
}
