package io.platestream.schemas.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.schemas.serde.CorruptPayloadException;
import io.platestream.testing.ByteMutations;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.FuzzRun;
import io.platestream.testing.TestTopics;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bounded fuzzing of the Avro wire format as the stages read it from Kafka (anyone who may write a
 * topic can write any bytes): seeded mutations of a real framed record (magic byte, schema id,
 * body) must decode or be refused with a {@link SerializationException} naming the topic, which the
 * stages send to the dead-letter topic; no other error, no runaway allocation. A good record
 * decodes after every refusal, so nothing else is affected.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class AvroWireFuzzTest {

  @Test
  void mutatedRecordsDecodeOrAreRefusedAsCorruptNeverWithAnotherError(EmbeddedPlatform platform) {
    String topic = TestTopics.unique("avro-fuzz");
    try (SchemaRegistryClient registry = platform.newRegistryClient();
        AvroSerializer<PlateDetection> detections = new AvroSerializer<>(registry);
        AvroSerializer<PlateEvent> events = new AvroSerializer<>(registry);
        AvroDeserializer<PlateDetection> detectionReader =
            new AvroDeserializer<>(PlateDetection.class, registry);
        AvroDeserializer<PlateEvent> eventReader =
            new AvroDeserializer<>(PlateEvent.class, registry)) {
      PlateDetection detection = ContractExamples.detection();
      byte[] validDetection = detections.serialize(topic, detection);
      byte[] validEvent = events.serialize(topic + "-events", ContractExamples.event());

      FuzzRun.Outcome detectionRun =
          FuzzRun.run(
              "Avro PlateDetection (framed)",
              41,
              3_000,
              random -> ByteMutations.mutate(validDetection, random),
              bytes -> detectionReader.deserialize(topic, bytes),
              SerializationException.class,
              message -> message.contains("'" + topic + "'"));
      FuzzRun.Outcome eventRun =
          FuzzRun.run(
              "Avro PlateEvent (framed)",
              42,
              3_000,
              random -> ByteMutations.mutate(validEvent, random),
              bytes -> eventReader.deserialize(topic, bytes),
              SerializationException.class,
              message -> message.contains("'" + topic + "'"));

      // A record that claims a 1.5 GB string: refused before Avro allocates it.
      byte[] claim = java.util.Arrays.copyOf(validDetection, 5 + 5 + 8);
      long zigzag = 1_500_000_000L << 1;
      int at = 5;
      while ((zigzag & ~0x7FL) != 0) {
        claim[at++] = (byte) ((zigzag & 0x7F) | 0x80);
        zigzag >>>= 7;
      }
      claim[at] = (byte) zigzag;
      assertThatThrownBy(() -> detectionReader.deserialize(topic, claim))
          .isInstanceOf(CorruptPayloadException.class)
          .hasRootCauseInstanceOf(org.apache.avro.SystemLimitException.class);

      assertThat(detectionRun.crashes()).isEmpty();
      assertThat(eventRun.crashes()).isEmpty();
      assertThat(detectionRun.refused()).isPositive();
      assertThat(detectionReader.deserialize(topic, validDetection))
          .as("a good record after the refusals")
          .isEqualTo(detection);
    }
  }
}
