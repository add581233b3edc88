package io.platestream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.Frame;
import io.platestream.schemas.registry.IncompatibleSchemaException;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Schema evolution is part of the contract: version N (the generated Frame) and version N+1 (Frame
 * plus a field with a default) read each other's data through the registry and the wire format.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class SchemaEvolutionTest {
  private SchemaRegistryClient registry;
  private String topic;
  private Schema v2;

  @BeforeEach
  void setUp(EmbeddedPlatform platform) throws IOException {
    registry = platform.newRegistryClient();
    topic = TestTopics.unique("evolution");
    v2 = load("/Frame_v2.avsc");
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  @Test
  void readerOnVersionNReadsDataWrittenWithVersionNPlus1() throws IOException {
    // A newer producer registers N+1 (allowed under BACKWARD) and writes a record with the new
    // field.
    new AvroSerializer<>(registry).serialize(topic, ContractExamples.frame()); // version N first
    int v2Id = registry.register(topic + "-value", v2);
    GenericRecord newer = asV2(ContractExamples.frame(), 1500L);
    byte[] bytes = WireFormat.frame(v2Id, encode(newer, v2));

    Frame read = new AvroDeserializer<>(Frame.class, registry).deserialize(topic, bytes);

    assertThat(read).isEqualTo(ContractExamples.frame());
    assertThat(registry.versions(topic + "-value")).containsExactly(1, 2);
  }

  @Test
  void readerOnVersionNPlus1ReadsDataWrittenWithVersionNUsingTheDefault() throws IOException {
    byte[] bytes = new AvroSerializer<>(registry).serialize(topic, ContractExamples.frame());
    WireFormat.Framed framed = WireFormat.unframe(topic, bytes);
    Schema writer = registry.getById(framed.schemaId());

    GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(writer, v2);
    ByteBuffer body = framed.body();
    GenericRecord read =
        reader.read(
            null,
            DecoderFactory.get()
                .binaryDecoder(
                    body.array(), body.arrayOffset() + body.position(), body.remaining(), null));

    assertThat(read.get("exposureUs")).isEqualTo(-1L);
    assertThat(read.get("cameraId").toString()).isEqualTo("gate-north");
    assertThat(read.get("seq")).isEqualTo(42L);
  }

  @Test
  void aNewFieldWithoutDefaultIsRefusedUnderBackwardCompatibility() throws IOException {
    new AvroSerializer<>(registry).serialize(topic, ContractExamples.frame());
    Schema incompatible = load("/Frame_v2_no_default.avsc");

    assertThat(registry.isCompatible(topic + "-value", incompatible)).isFalse();
    assertThat(registry.isCompatible(topic + "-value", v2)).isTrue();
    assertThatThrownBy(() -> registry.register(topic + "-value", incompatible))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("incompatible")
        .hasMessageContaining("exposureUs");
  }

  private GenericRecord asV2(Frame frame, long exposureUs) {
    GenericRecord record = new GenericData.Record(v2);
    for (Schema.Field field : Frame.getClassSchema().getFields()) {
      record.put(field.name(), frame.get(field.name()));
    }
    record.put("exposureUs", exposureUs);
    return record;
  }

  private static byte[] encode(GenericRecord record, Schema schema) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static Schema load(String resource) throws IOException {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(resource)) {
      return new Schema.Parser().parse(in);
    }
  }
}
