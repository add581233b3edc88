package io.platestream.schemas.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.Frame;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.registry.CompatibilityLevel;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryException;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry's REST surface and its Kafka-backed storage, each test on its own topic. */
@ExtendWith(EmbeddedPlatformExtension.class)
class EmbeddedSchemaRegistryTest {
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private EmbeddedPlatform platform;
  private String storeTopic;
  private EmbeddedSchemaRegistry registry;
  private RestSchemaRegistryClient client;

  @BeforeEach
  void setUp(EmbeddedPlatform platform) {
    this.platform = platform;
    storeTopic = TestTopics.unique("_schemas");
    registry = start();
    client = new RestSchemaRegistryClient(registry.url());
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  private EmbeddedSchemaRegistry start() {
    return EmbeddedSchemaRegistry.start(
        EmbeddedSchemaRegistry.Settings.defaults(platform.bootstrapServers())
            .withTopic(storeTopic));
  }

  @Test
  void registeringTheSameSchemaTwiceGivesTheSameIdAndOneVersion() {
    int first = client.register("frames-value", Frame.getClassSchema());
    int again =
        new RestSchemaRegistryClient(registry.url())
            .register("frames-value", Frame.getClassSchema());

    assertThat(again).isEqualTo(first);
    assertThat(client.versions("frames-value")).containsExactly(1);
    assertThat(client.latest("frames-value").id()).isEqualTo(first);
    assertThat(client.lookup("frames-value", Frame.getClassSchema()).version()).isEqualTo(1);
  }

  @Test
  void sameSchemaUnderTwoSubjectsSharesOneId() {
    int a = client.register("a-value", PlateEvent.getClassSchema());
    int b = client.register("b-value", PlateEvent.getClassSchema());

    assertThat(a).isEqualTo(b);
    assertThat(client.subjects()).containsExactly("a-value", "b-value");
  }

  @Test
  void idsSurviveARestartOnTheSameTopic() {
    int frameId = client.register("frames-value", Frame.getClassSchema());
    int eventId = client.register("events-value", PlateEvent.getClassSchema());
    registry.close();

    registry = start();
    RestSchemaRegistryClient fresh = new RestSchemaRegistryClient(registry.url());

    assertThat(fresh.getById(frameId)).isEqualTo(Frame.getClassSchema());
    assertThat(fresh.getById(eventId)).isEqualTo(PlateEvent.getClassSchema());
    assertThat(fresh.latest("frames-value").id()).isEqualTo(frameId);
    assertThat(fresh.register("events-value", PlateEvent.getClassSchema())).isEqualTo(eventId);
  }

  @Test
  void twoInstancesOnOneTopicAgree() {
    try (EmbeddedSchemaRegistry second = start()) {
      RestSchemaRegistryClient other = new RestSchemaRegistryClient(second.url());
      int viaFirst = client.register("frames-value", Frame.getClassSchema());
      int viaSecond = other.register("events-value", PlateEvent.getClassSchema());

      // Each instance answers for the other's registration (it reads the log to its end on a miss).
      assertThat(other.getById(viaFirst)).isEqualTo(Frame.getClassSchema());
      assertThat(client.getById(viaSecond)).isEqualTo(PlateEvent.getClassSchema());
      // And registering through the other instance finds the existing id rather than a new one.
      assertThat(other.register("frames-value", Frame.getClassSchema())).isEqualTo(viaFirst);
      assertThat(other.versions("frames-value")).containsExactly(1);
    }
  }

  @Test
  void compatibilityLevelsAreStoredAndApplied() {
    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
    client.register("s-value", Schema.createRecord("R", null, "x", false, java.util.List.of()));
    Schema withRequiredField =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"x\",\"fields\":[{\"name\":\"f\",\"type\":\"int\"}]}");
    assertThat(client.isCompatible("s-value", withRequiredField)).isFalse();

    client.setCompatibility("s-value", CompatibilityLevel.NONE);

    assertThat(client.isCompatible("s-value", withRequiredField)).isTrue();
    assertThat(client.register("s-value", withRequiredField)).isPositive();
    assertThat(client.versions("s-value")).containsExactly(1, 2);
  }

  @Test
  void subjectConfigSurvivesARestart() throws Exception {
    client.setCompatibility("s-value", CompatibilityLevel.FULL_TRANSITIVE);
    registry.close();
    registry = start();

    JsonNode config = get("/config/s-value");
    assertThat(config.get("compatibilityLevel").asText()).isEqualTo("FULL_TRANSITIVE");
  }

  @Test
  void errorsUseConfluentCodesAndSayWhatIsMissing() throws Exception {
    client.register("known-value", Frame.getClassSchema());

    assertError("/subjects/nope-value/versions", 404, 40401, "Subject 'nope-value' not found");
    assertError("/subjects/known-value/versions/7", 404, 40402, "Version 7 not found");
    assertError("/subjects/known-value/versions/abc", 422, 42202, "not a valid version");
    assertError("/schemas/ids/99", 404, 40403, "Schema 99 not found");
    assertError("/config/known-value", 404, 40408, "does not have subject-level compatibility");
    assertError("/nothing/here", 404, 404, "Not Found");
  }

  @Test
  void malformedRegistrationsAreRefusedWithReasons() throws Exception {
    HttpResponse<String> notJson = post("/subjects/x-value/versions", "schema please");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(json.readTree(notJson.body()).get("message").asText()).contains("not valid JSON");

    HttpResponse<String> badSchema =
        post("/subjects/x-value/versions", "{\"schema\":\"{\\\"type\\\":\\\"recrod\\\"}\"}");
    assertThat(badSchema.statusCode()).isEqualTo(422);
    assertThat(json.readTree(badSchema.body()).get("error_code").asInt()).isEqualTo(42201);

    HttpResponse<String> protobuf =
        post("/subjects/x-value/versions", "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax\"}");
    assertThat(protobuf.statusCode()).isEqualTo(422);
    assertThat(json.readTree(protobuf.body()).get("message").asText()).contains("AVRO only");

    assertThatThrownBy(() -> client.setCompatibility(null, null))
        .isInstanceOf(NullPointerException.class);
    HttpResponse<String> badLevel = send("PUT", "/config", "{\"compatibility\":\"SIDEWAYS\"}");
    assertThat(badLevel.statusCode()).isEqualTo(422);
    assertThat(json.readTree(badLevel.body()).get("error_code").asInt()).isEqualTo(42203);
  }

  @Test
  void rawSchemaEndpointsReturnTheSchemaItself() throws Exception {
    int id = client.register("frames-value", Frame.getClassSchema());

    assertThat(new Schema.Parser().parse(get("/schemas/ids/" + id + "/schema").toString()))
        .isEqualTo(Frame.getClassSchema());
    assertThat(
            new Schema.Parser()
                .parse(get("/subjects/frames-value/versions/latest/schema").toString()))
        .isEqualTo(Frame.getClassSchema());
  }

  @Test
  void clientSurfacesRegistryErrorsAsSpecificExceptions() {
    assertThatThrownBy(() -> client.latest("missing-value"))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("40401")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40401));
  }

  private void assertError(String path, int status, int code, String text) throws Exception {
    HttpResponse<String> response = send("GET", path, null);
    assertThat(response.statusCode()).as(path).isEqualTo(status);
    JsonNode body = json.readTree(response.body());
    assertThat(body.get("error_code").asInt()).as(path).isEqualTo(code);
    assertThat(body.get("message").asText()).as(path).contains(text);
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response = send("GET", path, null);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return json.readTree(response.body());
  }

  private HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    return send("POST", path, body);
  }

  private HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + path));
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
