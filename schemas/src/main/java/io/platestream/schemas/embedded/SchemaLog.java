package io.platestream.schemas.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platestream.schemas.KafkaSecurity;
import io.platestream.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable store: a single-partition compacted Kafka topic, tailed from the beginning
 * into a {@link RegistryState}. Writes are read back before they are acknowledged, so a caller sees
 * its own registration, and every instance on the topic sees the same sequence of records.
 *
 * <p>Records are JSON. Keys name what a record is about ({@code SCHEMA} of a subject and id, or
 * {@code CONFIG} of a subject), so compaction keeps one record per registration and per config.
 */
final class SchemaLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SchemaLog.class);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
  private static final String FORMAT_MARKER = "platestream";

  private final String topic;
  private final TopicPartition partition;
  private final RegistryState state;
  private final Admin admin;
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> consumer;
  private final ObjectMapper json = new ObjectMapper();
  private final Thread tailer;
  private long appliedOffset = 0; // next offset to apply; guarded by state
  private volatile boolean running = true;
  private volatile RuntimeException tailFailure;

  SchemaLog(String bootstrapServers, String topic, RegistryState state) {
    this.topic = topic;
    this.partition = new TopicPartition(topic, 0);
    this.state = state;
    Map<String, Object> common =
        KafkaSecurity.applyTo(
            new java.util.HashMap<String, Object>(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)));
    this.admin = Admin.create(common);
    ensureTopic();

    Properties producerProps = new Properties();
    producerProps.putAll(common);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "schema-registry-writer");
    this.producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());

    Properties consumerProps = new Properties();
    consumerProps.putAll(common);
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "schema-registry-reader");
    this.consumer =
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer());
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));

    this.tailer = new Thread(this::tail, "schema-registry-log-" + topic);
    tailer.setDaemon(true);
    tailer.start();
    awaitApplied(endOffset(), WRITE_TIMEOUT);
  }

  void appendRegistration(RegistryState.Registration registration) {
    ObjectNode key = json.createObjectNode().put("keytype", "SCHEMA").put("format", FORMAT_MARKER);
    key.put("subject", registration.subject()).put("id", registration.id());
    ObjectNode value =
        json.createObjectNode()
            .put("subject", registration.subject())
            .put("id", registration.id())
            .put("claimedVersion", registration.claimedVersion())
            .put("schema", registration.schema());
    append(key, value);
  }

  void appendConfig(String subject, CompatibilityLevel level) {
    ObjectNode key = json.createObjectNode().put("keytype", "CONFIG").put("format", FORMAT_MARKER);
    key.put("subject", subject);
    ObjectNode value = json.createObjectNode().put("compatibilityLevel", level.name());
    append(key, value);
  }

  /** Waits until every record written so far, by any instance, has been applied to the state. */
  void catchUp() {
    awaitApplied(endOffset(), WRITE_TIMEOUT);
  }

  private void append(ObjectNode key, ObjectNode value) {
    try {
      long offset =
          producer
              .send(new ProducerRecord<>(topic, 0, key.toString(), value.toString()))
              .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .offset();
      awaitApplied(offset + 1, WRITE_TIMEOUT);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot write to the registry topic '" + topic + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to the registry topic", e);
    }
  }

  private void tail() {
    try {
      while (running) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          synchronized (state) {
            applyRecord(record);
            appliedOffset = record.offset() + 1;
          }
        }
        long position = consumer.position(partition);
        synchronized (state) {
          // Compaction and transaction markers leave gaps: the position is what was consumed.
          appliedOffset = Math.max(appliedOffset, position);
          state.notifyAll();
        }
      }
    } catch (WakeupException e) {
      // close() ends the loop.
    } catch (RuntimeException e) {
      tailFailure = e;
      log.error("registry log reader stopped: {}", e.toString());
      synchronized (state) {
        state.notifyAll();
      }
    }
  }

  private void applyRecord(ConsumerRecord<String, String> record) {
    try {
      JsonNode key = json.readTree(record.key() == null ? "{}" : record.key());
      if (!FORMAT_MARKER.equals(key.path("format").asText()) || record.value() == null) {
        log.warn(
            "skipping record at offset {} of '{}': not written by this registry",
            record.offset(),
            topic);
        return;
      }
      JsonNode value = json.readTree(record.value());
      String subject = key.path("subject").isNull() ? null : key.path("subject").asText(null);
      switch (key.path("keytype").asText()) {
        case "SCHEMA" ->
            state.apply(
                new RegistryState.Registration(
                    value.get("subject").asText(),
                    value.get("id").asInt(),
                    value.get("claimedVersion").asInt(),
                    value.get("schema").asText()));
        case "CONFIG" ->
            state.applyConfig(
                subject, CompatibilityLevel.parse(value.get("compatibilityLevel").asText()));
        default ->
            log.warn(
                "skipping record at offset {} of '{}': unknown key type", record.offset(), topic);
      }
    } catch (IOException | RuntimeException e) {
      log.warn(
          "skipping malformed record at offset {} of '{}': {}",
          record.offset(),
          topic,
          e.toString());
    }
  }

  private void awaitApplied(long offset, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (state) {
      while (appliedOffset < offset) {
        if (tailFailure != null) {
          throw new IllegalStateException(
              "registry log reader failed: " + tailFailure.getMessage(), tailFailure);
        }
        long waitMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (waitMs <= 0) {
          throw new IllegalStateException(
              "registry topic '"
                  + topic
                  + "' not read up to offset "
                  + offset
                  + " within "
                  + timeout.toSeconds()
                  + " s");
        }
        try {
          state.wait(waitMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while reading the registry topic", e);
        }
      }
    }
  }

  private long endOffset() {
    long deadline = System.nanoTime() + WRITE_TIMEOUT.toNanos();
    while (true) {
      try {
        return admin
            .listOffsets(Map.of(partition, OffsetSpec.latest()))
            .partitionResult(partition)
            .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .offset();
      } catch (ExecutionException e) {
        // A topic created a moment ago may not be in every metadata cache yet: ask again.
        boolean unknownYet =
            e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
        if (!unknownYet || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "cannot read the end of the registry topic '" + topic + "': " + e.getMessage(), e);
        }
        pause();
      } catch (TimeoutException e) {
        throw new IllegalStateException(
            "cannot read the end of the registry topic '" + topic + "': " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the registry topic", e);
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the registry topic", e);
    }
  }

  private void ensureTopic() {
    try {
      int brokers =
          admin
              .describeCluster()
              .nodes()
              .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .size();
      NewTopic newTopic =
          new NewTopic(topic, 1, (short) Math.min(3, brokers))
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      admin
          .createTopics(List.of(newTopic))
          .all()
          .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create the registry topic '" + topic + "': " + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka did not answer while creating the registry topic '" + topic + "'", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the registry topic", e);
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      tailer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close();
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }
}
