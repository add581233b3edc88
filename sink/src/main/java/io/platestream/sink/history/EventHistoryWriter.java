package io.platestream.sink.history;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.platestream.platform.KafkaClients;
import io.platestream.schemas.DeadLetters;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.Topics;
import io.platestream.schemas.Transient;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.sink.PausingRetry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores plate events in PostgreSQL: each polled batch is upserted by event id in one transaction,
 * and only then are its Kafka offsets committed, so a crash replays at most the batch in hand and
 * the replay overwrites its own rows. While the database is down the writer keeps the batch, pauses
 * its partitions (staying in the consumer group) and retries with backoff; nothing is skipped. A
 * record that is not a plate event goes to {@code <topic>.dlq} with its cause.
 */
public final class EventHistoryWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventHistoryWriter.class);

  /** What to read and how to store it. */
  public record Settings(
      String topic,
      String groupId,
      int maxBatch,
      PlateProtection plates,
      boolean storeCrops,
      Duration maxBackoff) {
    public Settings {
      if (plates.hashed() && storeCrops) {
        throw new IllegalArgumentException(
            "plates are stored hashed, but a crop shows the plate in clear: turn crop storage off");
      }
      if (maxBatch < 1) {
        throw new IllegalArgumentException("the batch size must be at least 1, got " + maxBatch);
      }
    }

    public static Settings defaults() {
      return new Settings(
          Topics.EVENTS,
          "platestream-history",
          500,
          PlateProtection.clear(),
          true,
          Duration.ofSeconds(30));
    }

    public Settings withTopic(String topic) {
      return new Settings(topic, groupId, maxBatch, plates, storeCrops, maxBackoff);
    }

    public Settings withGroupId(String groupId) {
      return new Settings(topic, groupId, maxBatch, plates, storeCrops, maxBackoff);
    }

    public Settings withPlates(PlateProtection plates, boolean storeCrops) {
      return new Settings(topic, groupId, maxBatch, plates, storeCrops, maxBackoff);
    }
  }

  private final Settings settings;
  private final DataSource database;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> deadLetters;
  private final AvroDeserializer<PlateEvent> events;
  private final Thread thread;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean databaseUp = new AtomicBoolean(true);
  private final AtomicLong storedTotal = new AtomicLong();
  private final Counter stored;
  private final Counter failures;
  private final Counter poison;
  private volatile String stoppedBy;

  public EventHistoryWriter(
      String bootstrapServers,
      SchemaRegistryClient schemas,
      DataSource database,
      Settings settings,
      MeterRegistry meters) {
    this.settings = settings;
    this.database = database;
    this.events = new AvroDeserializer<>(PlateEvent.class, schemas);
    Map<String, Object> reader =
        new HashMap<>(KafkaClients.committedReader(bootstrapServers, settings.groupId()));
    reader.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
    this.consumer =
        new KafkaConsumer<>(reader, new StringDeserializer(), new ByteArrayDeserializer());
    this.deadLetters =
        new KafkaProducer<>(
            KafkaClients.reliableProducer(bootstrapServers),
            new StringSerializer(),
            new ByteArraySerializer());
    this.stored =
        Counter.builder("platestream.history.stored")
            .description("Plate events upserted into PostgreSQL")
            .register(meters);
    this.failures =
        Counter.builder("platestream.history.store.failures")
            .description("Attempts to store a batch that failed (the batch is retried)")
            .register(meters);
    this.poison =
        Counter.builder("platestream.history.dead.letters")
            .description("Records on the events topic that are not plate events")
            .register(meters);
    Gauge.builder("platestream.history.database.up", databaseUp, up -> up.get() ? 1 : 0)
        .description("1 while the last write to PostgreSQL succeeded")
        .register(meters);
    this.thread = new Thread(this::run, "history-writer");
  }

  public EventHistoryWriter start() {
    thread.start();
    return this;
  }

  /** Events stored since start (for status pages and tests). */
  public long storedCount() {
    return storedTotal.get();
  }

  public boolean databaseUp() {
    return databaseUp.get();
  }

  /** Why the writer stopped on its own (the sink's /health reports it), or empty. */
  public Optional<String> problem() {
    String cause = stoppedBy;
    return cause == null ? Optional.empty() : Optional.of("history writer stopped: " + cause);
  }

  private void run() {
    try {
      consumer.subscribe(List.of(settings.topic()));
      while (running.get()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        if (!records.isEmpty()) {
          storeThenCommit(records);
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      stoppedBy = e.toString();
      log.error("history writer stopped: {}", e.toString(), e);
    } finally {
      consumer.close();
    }
  }

  private void storeThenCommit(ConsumerRecords<String, byte[]> records) {
    List<PlateEvent> batch = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      offsets.put(
          new TopicPartition(record.topic(), record.partition()),
          new OffsetAndMetadata(record.offset() + 1));
      PlateEvent[] event = new PlateEvent[1];
      boolean decoded =
          PausingRetry.untilDone(
              consumer,
              running::get,
              settings.maxBackoff(),
              () -> {
                try {
                  event[0] = events.deserialize(record.topic(), record.value());
                } catch (RuntimeException e) {
                  if (Transient.in(e)) {
                    return Optional.of(String.valueOf(e.getMessage())); // the registry is away
                  }
                  deadLetter(record, e);
                }
                return Optional.empty();
              },
              (reason, waitMs) ->
                  log.warn("cannot decode an event yet ({}); retrying in {} ms", reason, waitMs));
      if (!decoded) {
        return; // closing: the batch is replayed from the committed offsets on the next start
      }
      if (event[0] != null) {
        batch.add(event[0]);
      }
    }
    if (!storeUntilDone(batch)) {
      return; // closing: the batch is replayed from the committed offsets on the next start
    }
    // After a rebalance the partitions' new owner replays them: its upserts are idempotent.
    PausingRetry.commit(
        consumer,
        offsets,
        running::get,
        settings.maxBackoff(),
        (reason, waitMs) -> log.warn("{}; retrying in {} ms", reason, waitMs));
  }

  /** Stores the batch, retrying with backoff while the database fails; false when closing. */
  private boolean storeUntilDone(List<PlateEvent> batch) {
    return PausingRetry.untilDone(
        consumer,
        running::get,
        settings.maxBackoff(),
        () -> {
          try (Connection connection = database.getConnection()) {
            EventRows.upsert(connection, batch, settings.plates(), settings.storeCrops());
          } catch (SQLException | RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
          }
          stored.increment(batch.size());
          storedTotal.addAndGet(batch.size());
          if (!databaseUp.getAndSet(true)) {
            log.info("history database is back; stored the {} events held", batch.size());
          }
          return Optional.empty();
        },
        (reason, waitMs) -> {
          failures.increment();
          if (databaseUp.getAndSet(false)) {
            log.warn(
                "cannot store {} events ({}); holding them and retrying", batch.size(), reason);
          }
        });
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, RuntimeException cause) {
    poison.increment();
    log.warn(
        "{}-{}@{} is not a plate event, sent to the dead-letter topic: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        cause.getMessage());
    try {
      deadLetters
          .send(
              new ProducerRecord<>(
                  Topics.deadLetter(record.topic()),
                  null,
                  record.key(),
                  record.value(),
                  DeadLetters.headers(
                      record.headers(),
                      "history",
                      cause,
                      record.topic(),
                      record.partition(),
                      record.offset())))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot write to the dead-letter topic: " + e, e);
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deadLetters.close();
  }
}
