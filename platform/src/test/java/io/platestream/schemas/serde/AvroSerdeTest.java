package io.platestream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.Frame;
import io.platestream.schemas.HotlistAlert;
import io.platestream.schemas.ModelVersion;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.PlateRead;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The serde against the real embedded registry (over HTTP), without a broker in between. */
@ExtendWith(EmbeddedPlatformExtension.class)
class AvroSerdeTest {
  private SchemaRegistryClient registry;
  private String topic;

  @BeforeEach
  void setUp(EmbeddedPlatform platform) {
    registry = platform.newRegistryClient();
    topic = TestTopics.unique("serde");
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  @Test
  void everyContractSurvivesSerializeDeserialize() {
    List<SpecificRecord> examples =
        List.of(
            ContractExamples.frame(),
            ContractExamples.detection(),
            ContractExamples.read(),
            ContractExamples.event(),
            ContractExamples.alert(),
            ContractExamples.shadowComparison(),
            ContractExamples.watchlist(),
            ContractExamples.modelVersion());
    for (SpecificRecord example : examples) {
      String exampleTopic = topic + "-" + example.getSchema().getName();
      byte[] bytes = new AvroSerializer<>(registry).serialize(exampleTopic, example);
      SpecificRecord back = deserializer(example.getClass()).deserialize(exampleTopic, bytes);
      assertThat(back).as(example.getSchema().getName()).isEqualTo(example);
    }
  }

  @Test
  void registersUnderTopicValueSubjectWithTheIdInTheHeader() {
    byte[] bytes = new AvroSerializer<>(registry).serialize(topic, ContractExamples.frame());

    int id = WireFormat.unframe(topic, bytes).schemaId();
    assertThat(registry.latest(topic + "-value").id()).isEqualTo(id);
    assertThat(registry.getById(id)).isEqualTo(Frame.getClassSchema());
  }

  @Test
  void nullStaysNullForTombstones() {
    assertThat(new AvroSerializer<Frame>(registry).serialize(topic, null)).isNull();
    assertThat(new AvroDeserializer<>(Frame.class, registry).deserialize(topic, null)).isNull();
  }

  @Test
  void unknownSchemaIdIsReportedWithTheId() {
    byte[] bytes = WireFormat.frame(123_456_789, new byte[] {2, 'x'});

    assertThatThrownBy(
            () -> new AvroDeserializer<>(Frame.class, registry).deserialize(topic, bytes))
        .isInstanceOf(UnknownSchemaIdException.class)
        .hasMessageContaining("schema id 123456789")
        .hasMessageContaining(topic)
        .satisfies(
            e -> assertThat(((UnknownSchemaIdException) e).schemaId()).isEqualTo(123_456_789));
  }

  @Test
  void wrongMagicByteIsAWireFormatError() {
    byte[] bytes = new AvroSerializer<>(registry).serialize(topic, ContractExamples.frame());
    bytes[0] = 1;

    assertThatThrownBy(
            () -> new AvroDeserializer<>(Frame.class, registry).deserialize(topic, bytes))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("0x01");
  }

  @Test
  void truncatedPayloadIsACorruptPayloadError() {
    byte[] bytes = new AvroSerializer<>(registry).serialize(topic, ContractExamples.read());
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 20);

    assertThatThrownBy(
            () -> new AvroDeserializer<>(PlateRead.class, registry).deserialize(topic, truncated))
        .isInstanceOf(CorruptPayloadException.class)
        .hasMessageContaining("truncated or corrupt")
        .hasMessageContaining("PlateRead");
  }

  @Test
  void trailingBytesMeanTheBodyDoesNotMatchItsSchema() {
    byte[] bytes = new AvroSerializer<>(registry).serialize(topic, ContractExamples.frame());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);

    assertThatThrownBy(
            () -> new AvroDeserializer<>(Frame.class, registry).deserialize(topic, longer))
        .isInstanceOf(CorruptPayloadException.class)
        .hasMessageContaining("left over");
  }

  @Test
  void readingARecordAsTheWrongContractIsRefused() {
    byte[] frameBytes = new AvroSerializer<>(registry).serialize(topic, ContractExamples.frame());

    assertThatThrownBy(
            () -> new AvroDeserializer<>(PlateEvent.class, registry).deserialize(topic, frameBytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("written as io.platestream.schemas.Frame")
        .hasMessageContaining("PlateEvent");
  }

  @Test
  void aRequiredFieldLeftNullIsNamedNotANullPointer() {
    PlateDetection broken = ContractExamples.detection();
    broken.setDetector(null);

    assertThatThrownBy(() -> new AvroSerializer<>(registry).serialize(topic, broken))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot encode io.platestream.schemas.PlateDetection");
  }

  @Test
  void serdeWorksWhenConfiguredFromProperties(EmbeddedPlatform platform) {
    try (AvroSerde<HotlistAlert> serde = new AvroSerde<>(HotlistAlert.class)) {
      serde.configure(java.util.Map.of("schema.registry.url", platform.schemaRegistryUrl()), false);
      HotlistAlert alert = ContractExamples.alert();
      assertThat(
              serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, alert)))
          .isEqualTo(alert);
    }
  }

  @Test
  void serializerWithoutAutoRegisterFailsClearlyForAnUnregisteredSchema(EmbeddedPlatform platform) {
    AvroSerializer<ModelVersion> serializer = new AvroSerializer<>();
    serializer.configure(
        java.util.Map.of(
            "schema.registry.url", platform.schemaRegistryUrl(), "auto.register.schemas", "false"),
        false);

    assertThatThrownBy(() -> serializer.serialize(topic, ContractExamples.modelVersion()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("subject '" + topic + "-value'")
        .hasMessageContaining("40401");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private AvroDeserializer<SpecificRecord> deserializer(Class<? extends SpecificRecord> type) {
    return new AvroDeserializer(type, registry);
  }
}
