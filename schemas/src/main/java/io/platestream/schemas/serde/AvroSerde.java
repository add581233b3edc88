package io.platestream.schemas.serde;

import io.platestream.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka Streams {@link Serde} for one generated Avro class, in Confluent wire format. */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  /** A serde that builds its own registry client from {@link #configure}'s settings. */
  public AvroSerde(Class<T> type) {
    this.serializer = new AvroSerializer<>();
    this.deserializer = new AvroDeserializer<>(type);
  }

  /** A serde sharing one registry client (and so one cache) with the rest of the process. */
  public AvroSerde(Class<T> type, SchemaRegistryClient registry) {
    this.serializer = new AvroSerializer<>(registry);
    this.deserializer = new AvroDeserializer<>(type, registry);
    configure(Map.of(), false);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
  }
}
