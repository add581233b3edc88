package io.platestream.schemas.serde;

import io.platestream.schemas.registry.RegistryClientConfig;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated Avro records in Confluent wire format, registering the writer schema under the
 * subject {@code <topic>-value} (or {@code -key}). Null stays null, so tombstones pass through.
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  private SchemaRegistryClient registry;
  private boolean ownsRegistry;
  private boolean isKey;
  private boolean autoRegister = true;
  private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();

  /** For Kafka's reflective construction; {@link #configure} must follow. */
  public AvroSerializer() {}

  public AvroSerializer(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    this.autoRegister = SerdeConfig.autoRegister(configs);
    if (registry == null) {
      registry = new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(configs));
      ownsRegistry = true;
    }
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException("AvroSerializer used before configure(): no schema registry");
    }
    Schema schema = record.getSchema();
    String subject = SerdeConfig.subject(topic, isKey);
    int id;
    try {
      id =
          autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema).id();
    } catch (SchemaRegistryException e) {
      throw new SerializationException(
          "cannot obtain a schema id for "
              + schema.getFullName()
              + " under subject '"
              + subject
              + "': "
              + e.getMessage(),
          e);
    }
    return WireFormat.frame(id, encode(record, schema));
  }

  private byte[] encode(T record, Schema schema) {
    SpecificDatumWriter<T> writer = writers.computeIfAbsent(schema, SpecificDatumWriter::new);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      // Avro reports a null in a non-null field as a NullPointerException: name the record instead.
      throw new SerializationException(
          "cannot encode "
              + schema.getFullName()
              + " (a required field is null or out of range): "
              + e,
          e);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    if (ownsRegistry) {
      registry.close();
    }
  }
}
