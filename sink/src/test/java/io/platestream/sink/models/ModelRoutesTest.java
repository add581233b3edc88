package io.platestream.sink.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.KafkaClients;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.ModelStatus;
import io.platestream.schemas.ModelVersion;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.sink.SinkService;
import io.platestream.sink.testing.SinkTopics;
import io.platestream.testing.EmbeddedPlatformExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's models panel reads the registry's topic: production first, then the newest other
 * versions with their metrics and why they have their status; a later record of a version (a shadow
 * retired by the retrain loop) replaces the earlier one.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class ModelRoutesTest {
  private static final String TOKEN = "models-token-0123456789";

  @Test
  void theRegistrysVersionsShowWithTheirVerdicts(EmbeddedPlatform platform, @TempDir Path state)
      throws Exception {
    platform.kafka().createTopics(1, Map.of("cleanup.policy", "compact"), Topics.MODELS);
    try (SchemaRegistryClient schemas = platform.newRegistryClient()) {
      produce(platform, schemas, version(1, ModelStatus.PRODUCTION, "bundled", 0.90));
      produce(platform, schemas, version(2, ModelStatus.SHADOW, "quality gate passed", 0.93));
      produce(
          platform,
          schemas,
          version(
              2,
              ModelStatus.RETIRED,
              "retrain loop: agreed with production on 3 of 4 live inputs (0.750)",
              0.93));
      try (SinkService sink =
          SinkTopics.startSink(
              platform, schemas, SinkTopics.create(platform), state, TOKEN, Map.of())) {
        JsonNode recognizer = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (recognizer == null || recognizer.get("recent").isEmpty()) {
          assertThat(System.nanoTime()).as("the registry read").isLessThan(deadline);
          Thread.sleep(200);
          for (JsonNode model : models(sink.url())) {
            if (model.get("name").asText().equals("plate-recognizer")) {
              recognizer = model;
            }
          }
        }
        assertThat(recognizer.get("production").get("version").asInt()).isEqualTo(1);
        JsonNode retired = recognizer.get("recent").get(0);
        assertThat(retired.get("version").asInt()).isEqualTo(2);
        assertThat(retired.get("status").asText()).isEqualTo("RETIRED");
        assertThat(retired.get("parentVersion").asInt()).isEqualTo(1);
        assertThat(retired.get("metrics").get("real_site_accuracy").asDouble()).isEqualTo(0.93);
        assertThat(retired.get("statusReason").asText())
            .isEqualTo("retrain loop: agreed with production on 3 of 4 live inputs (0.750)");
        assertThat(recognizer.get("recent")).hasSize(1);
      }
    }
  }

  private static ModelVersion version(int number, ModelStatus status, String reason, double score) {
    return ModelVersion.newBuilder(ContractExamples.modelVersion())
        .setModelName("plate-recognizer")
        .setVersion(number)
        .setStatus(status)
        .setParentVersion(number == 1 ? null : 1)
        .setMetrics(Map.of("real_site_accuracy", score))
        .setStatusReason(reason)
        .build();
  }

  private static void produce(
      EmbeddedPlatform platform, SchemaRegistryClient schemas, ModelVersion version)
      throws Exception {
    try (KafkaProducer<String, ModelVersion> producer =
        new KafkaProducer<>(
            KafkaClients.reliableProducer(platform.bootstrapServers()),
            new StringSerializer(),
            new AvroSerializer<>(schemas))) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.MODELS, version.getModelName() + "/" + version.getVersion(), version))
          .get();
    }
  }

  private static JsonNode models(String url) throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/api/models"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return new ObjectMapper().readTree(answer.body()).get("models");
  }
}
