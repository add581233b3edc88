package io.platestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.KafkaClients;
import io.platestream.schemas.LabelVerdict;
import io.platestream.schemas.PlateLabel;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The retrain loop's count of plate labels on the real broker: a correction replaces an earlier
 * label of the same event, a "not a plate" or a tombstone takes it out, and each check reads only
 * what came since the last.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class PlateLabelCountTest {

  @Test
  void countsPlateLabelsReadingOnlyWhatIsNew(EmbeddedPlatform platform) throws Exception {
    String topic = TestTopics.create(platform, "labels", 2);
    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        KafkaProducer<String, PlateLabel> producer =
            new KafkaProducer<>(
                KafkaClients.reliableProducer(platform.bootstrapServers()),
                new StringSerializer(),
                new AvroSerializer<>(schemas));
        PlateLabelCount count = new PlateLabelCount(platform.bootstrapServers(), schemas, topic)) {
      for (int i = 0; i < 4; i++) {
        send(producer, topic, "gate/" + i, LabelVerdict.CONFIRMED);
      }
      send(producer, topic, "gate/4", LabelVerdict.NOT_A_PLATE);
      assertThat(count.count()).isEqualTo(4);
      assertThat(count.recordsRead()).isEqualTo(5);

      send(producer, topic, "gate/0", LabelVerdict.CORRECTED); // reviewed again: still one
      send(producer, topic, "gate/1", LabelVerdict.UNREADABLE); // no longer a plate's text
      producer.send(new ProducerRecord<>(topic, "gate/2", null)).get(); // deleted with its event
      send(producer, topic, "gate/4", LabelVerdict.CONFIRMED); // it was a plate after all
      send(producer, topic, "gate/5", LabelVerdict.CORRECTED);

      assertThat(count.count()).isEqualTo(4); // gate/0, 3, 4, 5
      assertThat(count.recordsRead()).as("only the new records read").isEqualTo(10);
      assertThat(count.count()).isEqualTo(4);
      assertThat(count.recordsRead()).isEqualTo(10);
    }
  }

  private static void send(
      KafkaProducer<String, PlateLabel> producer, String topic, String id, LabelVerdict verdict)
      throws Exception {
    producer
        .send(new ProducerRecord<>(topic, id, LabelSplitTest.label(id, "gate", 0, verdict)))
        .get();
  }
}
