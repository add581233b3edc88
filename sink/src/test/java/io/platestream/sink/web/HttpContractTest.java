package io.platestream.sink.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.sink.SinkService;
import io.platestream.sink.testing.SinkTopics;
import io.platestream.testing.EmbeddedPlatformExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP contract of the sink's server, on a real sink over the embedded broker: every route the
 * OpenAPI description lists answers its method, every other method on it is a 405, unknown paths
 * are 404s, and parameters, bodies and sign-in are refused with JSON errors that say why.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class HttpContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "contract-token-0123456789";
  private static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

  private static SchemaRegistryClient schemas;
  private static SinkService sink;
  private static String url;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start(EmbeddedPlatform platform, @TempDir Path state) {
    schemas = platform.newRegistryClient();
    Access access =
        new Access(
            "operator", "correct horse", List.of(TOKEN), Duration.ofHours(1), Clock.systemUTC());
    sink =
        SinkService.start(
            platform.bootstrapServers(),
            schemas,
            SinkService.Settings.of(access, state)
                .withHttp("127.0.0.1", 0)
                .withTopics(SinkTopics.create(platform)),
            OperatorEndpoint.newRegistry(),
            List::of);
    url = sink.url();
  }

  @AfterAll
  static void stop() throws Exception {
    sink.close();
    schemas.close();
  }

  @Test
  void everyDocumentedRouteAnswersItsMethodAndRefusesTheOthers() throws Exception {
    HttpResponse<String> description = send("GET", "/api/openapi.json", null, TOKEN);
    assertThat(description.statusCode()).as(description.body()).isEqualTo(200);
    JsonNode paths = json(description).get("paths");
    assertThat(paths.size()).isGreaterThanOrEqualTo(10);
    List<String> checked = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      JsonNode operations = path.getValue();
      for (String method : METHODS) {
        String name = method.toLowerCase(Locale.ROOT);
        boolean documented =
            operations.has(name) || (method.equals("HEAD") && operations.has("get"));
        String target =
            path.getKey() + sampleQuery(operations.path(method.equals("HEAD") ? "get" : name));
        if (path.getKey().equals("/api/stream") && documented) {
          continue; // a stream does not end: its own test reads it
        }
        HttpResponse<String> response = send(method, target, body(path.getKey(), method), TOKEN);
        if (documented) {
          assertThat(response.statusCode())
              .as(method + " " + target + ": " + response.body())
              .isIn(200, 404); // 404: the sample id names nothing
        } else {
          assertThat(response.statusCode()).as(method + " " + target).isEqualTo(405);
          if (!method.equals("HEAD")) {
            assertThat(json(response).get("error").asText())
                .isEqualTo(method + " is not allowed on " + path.getKey());
          }
        }
        checked.add(method + " " + path.getKey());
      }
    }
    assertThat(checked).contains("GET /api/events", "DELETE /api/watchlists", "PATCH /api/alerts");
  }

  @Test
  void unknownPathsAreNotFoundWhateverTheirPrefix() throws Exception {
    for (String path :
        List.of("/api/eventsX", "/api/events/x", "/healthz", "/metricsfoo", "/loginx", "/api")) {
      HttpResponse<String> response = send("GET", path, null, TOKEN);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(json(response).get("error").asText()).isEqualTo("no route " + path);
    }
    assertThat(send("POST", "/", null, TOKEN).statusCode()).isEqualTo(405);
    assertThat(send("GET", "/favicon.ico", null, null).statusCode()).isEqualTo(200);
    assertError(
        send("GET", "/api/stream", null, TOKEN),
        406,
        "the live stream needs the header Accept: text/event-stream");
  }

  @Test
  void parametersAreCheckedBeforeAnyRouteRuns() throws Exception {
    assertError(
        send("GET", "/api/events?limit=2", null, TOKEN),
        400,
        "unknown query parameter 'limit'; known: plate, match, camera, from, to, page, size");
    assertError(
        send("GET", "/api/alerts?limit=1", null, TOKEN),
        400,
        "unknown query parameter 'limit'; known: page, size, include");
    assertError(
        send("GET", "/api/events?size=4294967297", null, TOKEN),
        400,
        "size must be within 1..200, got 4294967297");
    assertError(
        send("GET", "/api/events?page=2147483648", null, TOKEN),
        400,
        "page must be within 0..1000000, got 2147483648");
    assertError(
        send("GET", "/api/events?size=ten", null, TOKEN),
        400,
        "size must be a whole number, got 'ten'");
    assertError(
        send("GET", "/api/events?size=1&size=2", null, TOKEN),
        400,
        "the query parameter 'size' is given more than once");
    assertError(
        send("GET", "/api/events?from=2026-13-01", null, TOKEN),
        400,
        "from must be an ISO-8601 instant (2026-12-07T09:30:00Z) or milliseconds since the epoch,"
            + " got '2026-13-01'");
    assertError(
        send("GET", "/api/events?from=2026-12-07T10:00:00Z&to=2026-12-07T09:00:00Z", null, TOKEN),
        400,
        "from (2026-12-07T10:00:00Z) is after to (2026-12-07T09:00:00Z)");
    assertError(
        send("GET", "/api/event", null, TOKEN), 400, "the query parameter 'id' is required");
    assertError(
        send("GET", "/api/cameras?x=1", null, TOKEN),
        400,
        "unknown query parameter 'x'; known: page, size");
    assertError(
        send("GET", "/api/openapi.json?x=1", null, TOKEN),
        400,
        "unknown query parameter 'x'; this route takes none");
    assertThat(
            send("GET", "/api/events?from=2026-12-07T09:00:00Z&size=200", null, TOKEN).statusCode())
        .isEqualTo(200);
  }

  @Test
  void bodiesAreLimitedAndMustBeJson() throws Exception {
    String huge = "{\"name\":\"" + "x".repeat((int) SinkServer.MAX_BODY_BYTES) + "\"}";
    HttpResponse<String> tooLarge = send("PUT", "/api/watchlists", huge, TOKEN);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(json(tooLarge).get("error").asText())
        .isEqualTo("the body is larger than " + SinkServer.MAX_BODY_BYTES + " bytes");
    HttpResponse<String> notJson =
        http.send(
            request("/api/watchlists", TOKEN)
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertError(notJson, 415, "the body must be application/json, got text/plain");
    assertError(
        send("PUT", "/api/watchlists", "{\"name\":\"a\",\"entries\":[],\"colour\":1}", TOKEN),
        400,
        null);
    assertError(
        send("PUT", "/api/watchlists", "", TOKEN),
        400,
        "the body must be a watchlist as JSON: name, entries");
  }

  @Test
  void signInIsRequiredAndHeadAnswersWithoutABody() throws Exception {
    assertError(send("GET", "/api/events", null, null), 401, "authentication required");
    assertThat(send("GET", "/api/events", null, null).headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"platestream\"");
    HttpResponse<String> page = send("GET", "/", null, null);
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.headers().firstValue("Location")).contains("/login");
    HttpResponse<String> head = send("HEAD", "/api/events", null, TOKEN);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    HttpResponse<String> health = send("GET", "/health", null, null);
    assertThat(health.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(health.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(health.headers().firstValue("Content-Security-Policy")).isPresent();
  }

  @Test
  void passwordGuessingFromOneAddressIsRefusedForAWhile() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(login("operator", "guess " + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> refused = login("operator", "correct horse");
    assertThat(refused.statusCode()).as("even the right password, while throttled").isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body()).contains("Too many failed sign-ins from here");
  }

  private HttpResponse<String> login(String user, String password) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url + "/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "user=" + user + "&password=" + password.replace(" ", "+")))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String sampleQuery(JsonNode operation) {
    StringBuilder query = new StringBuilder();
    for (JsonNode parameter : operation.path("parameters")) {
      if (parameter.get("required").asBoolean()) {
        query
            .append(query.length() == 0 ? "?" : "&")
            .append(parameter.get("name").asText())
            // A choice gets its first allowed value; anything else a value that names nothing.
            .append("=")
            .append(parameter.path("schema").path("enum").path(0).asText("nothing"));
      }
    }
    return query.toString();
  }

  /** A valid body where a method takes one; routes refuse a body they do not read as JSON. */
  private static String body(String path, String method) {
    if (path.equals("/api/watchlists") && method.equals("PUT")) {
      return "{\"name\":\"contract\",\"entries\":[{\"id\":\"e1\",\"matchType\":\"exact\","
          + "\"value\":\"京A12345\",\"label\":\"test\",\"severity\":\"info\"}]}";
    }
    return null;
  }

  private HttpResponse<String> send(String method, String target, String body, String token)
      throws Exception {
    HttpRequest.Builder builder = request(target, token);
    if (body != null) {
      builder.header("Content-Type", "application/json");
    }
    builder.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String target, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + target));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static void assertError(HttpResponse<String> response, int status, String message)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    JsonNode error = json(response).get("error");
    assertThat(error).isNotNull();
    if (message != null) {
      assertThat(error.asText()).isEqualTo(message);
    }
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }
}
