package io.platestream.schemas;

import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.schemas.serde.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends one example of every contract through a broker and a schema registry and reads each back:
 * the demo's self-check that a Kafka + registry pair speaks PlateStream's contracts.
 */
public final class ContractRoundTrip {

  /** What went out and what came back for one contract. */
  public record Result(String topic, SpecificRecord sent, SpecificRecord received, int schemaId) {
    public boolean matches() {
      return sent.equals(received);
    }
  }

  /** The example of each contract, by the topic it is sent to (topic names get the suffix). */
  public static Map<String, SpecificRecord> examples(String topicSuffix) {
    Map<String, SpecificRecord> examples = new LinkedHashMap<>();
    examples.put(Topics.FRAMES + topicSuffix, ContractExamples.frame());
    examples.put(Topics.PLATES + topicSuffix, ContractExamples.detection());
    examples.put(Topics.READS + topicSuffix, ContractExamples.read());
    examples.put(Topics.EVENTS + topicSuffix, ContractExamples.event());
    examples.put(Topics.ALERTS + topicSuffix, ContractExamples.alert());
    examples.put(Topics.MODELS + topicSuffix, ContractExamples.modelVersion());
    return examples;
  }

  /**
   * Produces every example to its own topic (which must exist) with an idempotent producer, then
   * consumes each topic from the start and decodes the record with the class of the example.
   */
  public static List<Result> run(
      String bootstrapServers, SchemaRegistryClient registry, String topicSuffix) {
    Map<String, SpecificRecord> examples = examples(topicSuffix);
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, SpecificRecord> producer =
        new KafkaProducer<>(
            producerProps, new StringSerializer(), new AvroSerializer<>(registry))) {
      for (var entry : examples.entrySet()) {
        producer
            .send(new ProducerRecord<>(entry.getKey(), "example", entry.getValue()))
            .get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException(
          "round trip: producing the examples failed: " + e.getMessage(), e);
    }

    List<Result> results = new ArrayList<>();
    for (var entry : examples.entrySet()) {
      results.add(readBack(bootstrapServers, registry, entry.getKey(), entry.getValue()));
    }
    return results;
  }

  private static Result readBack(
      String bootstrapServers, SchemaRegistryClient registry, String topic, SpecificRecord sent) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "round-trip-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    AvroDeserializer<? extends SpecificRecord> decoder =
        new AvroDeserializer<>(sent.getClass(), registry);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          int schemaId = WireFormat.unframe(topic, record.value()).schemaId();
          return new Result(topic, sent, decoder.deserialize(topic, record.value()), schemaId);
        }
      }
    }
    throw new IllegalStateException(
        "round trip: nothing came back from topic " + topic + " within 30 s");
  }

  private ContractRoundTrip() {}
}
