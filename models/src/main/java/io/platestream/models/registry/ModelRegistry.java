package io.platestream.models.registry;

import io.platestream.platform.KafkaClients;
import io.platestream.schemas.ModelStatus;
import io.platestream.schemas.ModelVersion;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Model versions on the compacted topic {@code platestream.models}. Each version is its own key,
 * {@code <model name>/<version>}, so compaction keeps every version's latest record (its current
 * status) and rollback always has the earlier versions to go back to. Reads replay the topic to its
 * end, so every reader sees every change acknowledged before the read began.
 */
public final class ModelRegistry implements AutoCloseable {
  private final String topic;
  private final KafkaProducer<String, ModelVersion> producer;
  private final String bootstrapServers;
  private final SchemaRegistryClient schemas;

  public ModelRegistry(String bootstrapServers, SchemaRegistryClient schemas, String topic) {
    this.topic = topic;
    this.schemas = schemas;
    this.producer =
        new KafkaProducer<>(
            KafkaClients.reliableProducer(bootstrapServers),
            new StringSerializer(),
            new AvroSerializer<>(schemas));
    this.bootstrapServers = bootstrapServers;
  }

  /** The record key of a version. */
  public static String key(String modelName, int version) {
    return modelName + "/" + version;
  }

  /** Writes a version's record (new, or a status change), acknowledged by all replicas. */
  public void publish(ModelVersion version) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topic, key(version.getModelName().toString(), version.getVersion()), version))
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot publish "
              + key(version.getModelName().toString(), version.getVersion())
              + ": "
              + e.getCause(),
          e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not acknowledge the model version within 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing a model version", e);
    }
  }

  /** Every version of {@code modelName}, oldest first, each in its latest state. */
  public List<ModelVersion> versions(String modelName) {
    return all().values().stream()
        .filter(v -> v.getModelName().toString().equals(modelName))
        .sorted(Comparator.comparingInt(ModelVersion::getVersion))
        .toList();
  }

  /** The version now serving: the highest one in {@code PRODUCTION}. */
  public Optional<ModelVersion> production(String modelName) {
    return versions(modelName).stream()
        .filter(v -> v.getStatus() == ModelStatus.PRODUCTION)
        .max(Comparator.comparingInt(ModelVersion::getVersion));
  }

  /** The version running beside production: the highest one in {@code SHADOW}. */
  public Optional<ModelVersion> shadow(String modelName) {
    return versions(modelName).stream()
        .filter(v -> v.getStatus() == ModelStatus.SHADOW)
        .max(Comparator.comparingInt(ModelVersion::getVersion));
  }

  public Optional<ModelVersion> version(String modelName, int version) {
    return versions(modelName).stream().filter(v -> v.getVersion() == version).findFirst();
  }

  /** The next version number of {@code modelName}. */
  public int nextVersion(String modelName) {
    return versions(modelName).stream().mapToInt(ModelVersion::getVersion).max().orElse(0) + 1;
  }

  /** Latest record per key, replayed from the beginning of the topic to its current end. */
  private Map<String, ModelVersion> all() {
    return KafkaClients.latestByKey(
        bootstrapServers,
        topic,
        new AvroDeserializer<>(ModelVersion.class, schemas),
        Duration.ofSeconds(60));
  }

  @Override
  public void close() {
    producer.close();
  }
}
