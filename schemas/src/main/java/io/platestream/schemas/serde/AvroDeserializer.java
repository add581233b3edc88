package io.platestream.schemas.serde;

import io.platestream.schemas.registry.RegistryClientConfig;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format records into a generated Avro class, resolving the writer's schema
 * (fetched by id) against the class's schema, so records written by older or newer compatible
 * schema versions are read. Every failure is a specific {@link SerializationException}.
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private final Class<T> type;
  private final Schema readerSchema;
  private SchemaRegistryClient registry;
  private boolean ownsRegistry;
  private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

  /** The largest bytes field (a frame, crop or snapshot) a record may claim: 64 MiB. */
  public static final int MAX_BYTES = 64 << 20;

  static {
    // Avro allocates what a length field claims before it reads the data, so without limits one
    // corrupt record can claim a 2 GiB array and take the stage down. Each limit stays settable
    // as the system property Avro documents; these apply when it is not set.
    limitUnlessSet(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES);
    limitUnlessSet(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, 1 << 20);
    limitUnlessSet(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, 100_000);
  }

  private static void limitUnlessSet(String property, int limit) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, Integer.toString(limit));
    }
  }

  public AvroDeserializer(Class<T> type) {
    this(type, null);
  }

  public AvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
    this.type = type;
    this.readerSchema = SpecificData.get().getSchema(type);
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (registry == null) {
      registry = new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(configs));
      ownsRegistry = true;
    }
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException(
          "AvroDeserializer used before configure(): no schema registry");
    }
    WireFormat.Framed framed = WireFormat.unframe(topic, bytes);
    SpecificDatumReader<T> reader = readerFor(topic, framed.schemaId());
    ByteBuffer body = framed.body();
    BinaryDecoder decoder =
        DecoderFactory.get()
            .binaryDecoder(
                body.array(), body.arrayOffset() + body.position(), body.remaining(), null);
    T record;
    try {
      record = reader.read(null, decoder);
    } catch (IOException
        | AvroRuntimeException
        | IndexOutOfBoundsException
        | NegativeArraySizeException
        | UnsupportedOperationException e) { // Avro's refusal of a length past 2^31
      throw new CorruptPayloadException(
          "record of topic '"
              + topic
              + "' (schema id "
              + framed.schemaId()
              + ", "
              + body.remaining()
              + " body bytes) cannot be decoded as "
              + type.getSimpleName()
              + ": truncated or corrupt Avro ("
              + e
              + ")",
          e);
    }
    try {
      if (!decoder.isEnd()) {
        throw new CorruptPayloadException(
            "record of topic '"
                + topic
                + "' has bytes left over after decoding a "
                + type.getSimpleName()
                + " with schema id "
                + framed.schemaId()
                + ": the body does not match the schema it names",
            null);
      }
    } catch (IOException e) {
      throw new CorruptPayloadException(
          "cannot check the end of a record of topic '" + topic + "'", e);
    }
    return record;
  }

  private SpecificDatumReader<T> readerFor(String topic, int schemaId) {
    SpecificDatumReader<T> cached = readers.get(schemaId);
    if (cached != null) {
      return cached;
    }
    Schema writerSchema;
    try {
      writerSchema = registry.getById(schemaId);
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND || e.httpStatus() == 404) {
        throw new UnknownSchemaIdException(
            "record of topic '"
                + topic
                + "' names schema id "
                + schemaId
                + ", which the schema registry does not know (wrong registry, or the schema was deleted)",
            schemaId,
            e);
      }
      throw new SerializationException(
          "cannot fetch schema id "
              + schemaId
              + " for a record of topic '"
              + topic
              + "': "
              + e.getMessage(),
          e);
    }
    if (!writerSchema.getFullName().equals(readerSchema.getFullName())) {
      throw new SerializationException(
          "record of topic '"
              + topic
              + "' was written as "
              + writerSchema.getFullName()
              + " (schema id "
              + schemaId
              + "), but this deserializer reads "
              + readerSchema.getFullName());
    }
    SpecificDatumReader<T> reader = new SpecificDatumReader<>(writerSchema, readerSchema);
    readers.putIfAbsent(schemaId, reader);
    return reader;
  }

  @Override
  public void close() {
    if (ownsRegistry) {
      registry.close();
    }
  }
}
