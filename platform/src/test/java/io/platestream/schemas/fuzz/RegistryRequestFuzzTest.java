package io.platestream.schemas.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.Frame;
import io.platestream.schemas.embedded.EmbeddedSchemaRegistry;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.FuzzRun;
import io.platestream.testing.TestTopics;
import io.platestream.testing.TextMutations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bounded fuzzing of the embedded schema registry's REST protocol (every client of the pipeline
 * talks to it): seeded mutations of valid requests (paths, methods, JSON bodies with a schema) are
 * answered or refused with a 4xx and the protocol's JSON error, never a 500; a schema registered
 * before the run is still served the same afterwards.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class RegistryRequestFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PATHS =
      List.of(
          "/subjects/fuzz-value/versions",
          "/subjects/fuzz-value",
          "/subjects/fuzz-value/versions/latest",
          "/subjects/fuzz-value/versions/1/schema",
          "/schemas/ids/1",
          "/schemas/ids/1/schema",
          "/config/fuzz-value?defaultToGlobal=true",
          "/compatibility/subjects/fuzz-value/versions/latest");
  private static final String BODY =
      "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Fuzz\\\",\\\"fields\\\":"
          + "[{\\\"name\\\":\\\"plate\\\",\\\"type\\\":\\\"string\\\"},{\\\"name\\\":\\\"n\\\","
          + "\\\"type\\\":[\\\"null\\\",\\\"int\\\"],\\\"default\\\":null}]}\"}";

  record Request(String method, String path, String body) {}

  @Test
  void mutatedRequestsAreAnsweredOrRefusedWithTheProtocolsError(EmbeddedPlatform platform)
      throws Exception {
    String topic = TestTopics.unique("_schemas-fuzz");
    platform.kafka().createTopics(1, java.util.Map.of("cleanup.policy", "compact"), topic);
    try (EmbeddedSchemaRegistry registry =
            EmbeddedSchemaRegistry.start(
                EmbeddedSchemaRegistry.Settings.defaults(platform.bootstrapServers())
                    .withTopic(topic));
        SchemaRegistryClient client = new RestSchemaRegistryClient(registry.url())) {
      int frameId = client.register("frames-value", Frame.getClassSchema());
      HttpClient http = HttpClient.newHttpClient();
      FuzzRun.Outcome outcome =
          FuzzRun.run(
              "schema registry request",
              91,
              400,
              RegistryRequestFuzzTest::request,
              request -> {
                HttpRequest.Builder builder =
                    HttpRequest.newBuilder(URI.create(registry.url() + request.path()))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json");
                builder.method(
                    request.method(),
                    request.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
                HttpResponse<String> response =
                    http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 500) {
                  throw new IllegalStateException(
                      "HTTP " + response.statusCode() + " " + response.body());
                }
                if (response.statusCode() >= 400) {
                  JsonNode error = JSON.readTree(response.body());
                  if (!error.has("error_code") || !error.has("message")) {
                    throw new IllegalStateException("no protocol error: " + response.body());
                  }
                  throw new FuzzRun.Refused(response.body());
                }
              },
              FuzzRun.Refused.class,
              message -> message.contains("error_code"));
      assertThat(outcome.crashes()).isEmpty();
      assertThat(outcome.refused()).isPositive();
      try (SchemaRegistryClient fresh = new RestSchemaRegistryClient(registry.url())) {
        assertThat(fresh.getById(frameId)).isEqualTo(Frame.getClassSchema());
      }
    }
  }

  private static Request request(Random random) {
    while (true) {
      String path =
          TextMutations.mutate(
              PATHS.get(random.nextInt(PATHS.size())), random, "/?=&%-_.:0129azAZ");
      String method = List.of("GET", "POST", "PUT", "DELETE").get(random.nextInt(4));
      String body =
          method.equals("POST") || method.equals("PUT")
              ? TextMutations.mutate(BODY, random, "{}[]\\\",:.0129azAZ ")
              : null;
      try {
        URI.create("http://localhost" + path);
        // A target starting "//" reads as a host, not a path: the JDK's HTTP server answers it
        // itself (an HTML 404) before the registry sees it, and no client sends one.
        if (path.startsWith("/") && !path.startsWith("//")) {
          return new Request(method, path, body);
        }
      } catch (IllegalArgumentException e) {
        // Not a URI: the registry never sees it; draw another.
      }
    }
  }
}
