package io.platestream.pipeline;

import io.platestream.schemas.KafkaSecurity;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Prints each committed plate event as it arrives, and keeps them for the closing summary. */
public final class EventPrinter implements AutoCloseable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final KafkaConsumer<String, PlateEvent> consumer;
  private final List<PlateEvent> events = new CopyOnWriteArrayList<>();
  private final List<Long> earlyDelaysMs = new CopyOnWriteArrayList<>();
  private final List<Long> delaysMs = new CopyOnWriteArrayList<>();
  private final Thread thread;

  public EventPrinter(String bootstrapServers, SchemaRegistryClient registry, PrintWriter out) {
    consumer =
        new KafkaConsumer<>(
            KafkaSecurity.applyTo(
                new java.util.HashMap<String, Object>(
                    Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "platestream-demo-console-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"))),
            new StringDeserializer(),
            new AvroDeserializer<>(PlateEvent.class, registry));
    consumer.subscribe(List.of(Topics.EVENTS));
    thread =
        new Thread(
            () -> {
              try {
                while (true) {
                  for (ConsumerRecord<String, PlateEvent> record :
                      consumer.poll(Duration.ofMillis(200))) {
                    PlateEvent event = record.value();
                    long delayMs = System.currentTimeMillis() - event.getLastSeenMs();
                    // An early event is superseded by its pass's final one: only finals count.
                    if (event.getProvisional()) {
                      earlyDelaysMs.add(delayMs);
                    } else {
                      events.add(event);
                      delaysMs.add(delayMs);
                    }
                    synchronized (out) {
                      out.printf(
                          "  %s %s  %-10s camera %-10s confidence %.2f  %d reads  %s%n",
                          event.getProvisional() ? "SEEN " : "EVENT",
                          TIME.format(Instant.ofEpochMilli(event.getFirstSeenMs())),
                          event.getPlate(),
                          event.getCameraId(),
                          event.getConfidence(),
                          event.getReadCount(),
                          event.getValid() ? "" : "(not a valid plate)");
                      out.flush();
                    }
                  }
                }
              } catch (WakeupException e) {
                // closing
              } finally {
                consumer.close();
              }
            },
            "demo-event-printer");
    thread.setDaemon(true);
    thread.start();
  }

  /** The final events so far (one per pass; early events are left out). */
  public List<PlateEvent> events() {
    return List.copyOf(events);
  }

  /**
   * For each early event so far, how long after the capture of the read that made its pass sure it
   * reached the console: how soon an operator hears of a car still in view.
   */
  public List<Long> earlyDelaysMs() {
    return List.copyOf(earlyDelaysMs);
  }

  /**
   * For each event so far, how long after its pass's last read was captured it reached the console:
   * what "the newest event is N s behind capture" means to someone watching.
   */
  public List<Long> delaysMs() {
    return List.copyOf(delaysMs);
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    thread.join(10_000);
  }
}
