package io.platestream.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.schemas.Frame;
import io.platestream.schemas.KafkaSecurity;
import io.platestream.schemas.embedded.EmbeddedSchemaRegistry;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broker that requires sign-in (SASL PLAIN), and the project's clients configured once through
 * {@link KafkaSecurity}: topics created, records produced and read, an exactly-once Streams stage
 * run, the schema registry stored, all through the secured listener; a client without the
 * credentials is refused. SCRAM-SHA-512 over TLS with per-stage ACLs is the app module's
 * SecuredPipelineTest.
 */
class SaslClusterTest {

  @AfterEach
  void forgetTheCredentials() {
    KafkaSecurity.use(Map.of()); // the setting is process-wide: leave none to other tests
  }

  @Test
  void everyKindOfClientWorksThroughTheSecuredListenerAndNoneWithoutCredentials() throws Exception {
    KafkaSecurity.use(
        Map.of(
            "security.protocol", "SASL_PLAINTEXT",
            "sasl.mechanism", "PLAIN",
            "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + EmbeddedKafka.SASL_USER
                    + "\" password=\""
                    + EmbeddedKafka.SASL_PASSWORD
                    + "\";"));
    Path state = Files.createTempDirectory("sasl-streams-");
    try (EmbeddedKafka kafka = EmbeddedKafka.startSasl()) {
      String bootstrap = kafka.bootstrapServers();
      TopicCreator.createMissing(
          bootstrap,
          List.of(
              new org.apache.kafka.clients.admin.NewTopic("in", 1, (short) 1),
              new org.apache.kafka.clients.admin.NewTopic("out", 1, (short) 1)));

      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              KafkaClients.reliableProducer(bootstrap),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>("in", "gate", "京A12345")).get(30, TimeUnit.SECONDS);
      }
      StreamsBuilder builder = new StreamsBuilder();
      builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
          .mapValues(plate -> plate + " seen")
          .to("out", Produced.with(Serdes.String(), Serdes.String()));
      try (KafkaStreams streams =
          new KafkaStreams(
              builder.build(), StreamsStageConfig.properties("sasl-test", bootstrap, state))) {
        streams.start();
        try (KafkaConsumer<String, String> consumer =
            new KafkaConsumer<>(
                KafkaClients.committedReader(bootstrap, "sasl-reader"),
                new StringDeserializer(),
                new StringDeserializer())) {
          consumer.subscribe(List.of("out"));
          String seen = null;
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (seen == null && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
              seen = record.value();
            }
          }
          assertThat(seen).as("the exactly-once stage's output").isEqualTo("京A12345 seen");
        }
      }

      try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(bootstrap);
          SchemaRegistryClient client = new RestSchemaRegistryClient(registry.url())) {
        int id = client.register("frames-value", Frame.getClassSchema());
        assertThat(client.getById(id)).isEqualTo(Frame.getClassSchema());
      }

      Map<String, Object> anonymous = new HashMap<>();
      anonymous.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      anonymous.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
      anonymous.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
      try (Admin admin = Admin.create(anonymous)) {
        assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
            .as("a client without credentials")
            .isNotNull();
      }
    }
  }
}
