package io.platestream.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.PlateCandidate;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.sink.history.PlateProtection;
import io.platestream.sink.hotlist.HotlistTopology;
import io.platestream.sink.testing.LocalPostgres;
import io.platestream.sink.testing.SinkTopics;
import io.platestream.sink.web.Access;
import io.platestream.testing.EmbeddedPlatformExtension;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole sink over HTTP, on the real broker and a real PostgreSQL: authentication, search,
 * crops, cameras, the live stream, watchlists and alerts, and clear errors for bad requests.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class SinkServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "test-token-0123456789";
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @Test
  void theApiServesSearchesCropsTheLiveStreamAndAlertsOnlyToThoseSignedIn(
      EmbeddedPlatform platform, @TempDir Path state) throws Exception {
    HotlistTopology.TopicNames topics = SinkTopics.create(platform);
    Access access =
        new Access(
            "operator", "correct horse", List.of(TOKEN), Duration.ofHours(1), Clock.systemUTC());
    Supplier<List<Map<String, Object>>> ingest =
        () -> List.of(Map.of("cameraId", "gate", "state", "STREAMING", "fpsOut", 5.0));

    try (LocalPostgres postgres = LocalPostgres.start();
        SchemaRegistryClient schemas = platform.newRegistryClient();
        SinkService sink =
            SinkService.start(
                platform.bootstrapServers(),
                schemas,
                SinkService.Settings.of(access, state)
                    .withHttp("127.0.0.1", 0)
                    .withRecentEvents(1000)
                    .withHistory(
                        new SinkService.History(
                            postgres.jdbcUrl(),
                            LocalPostgres.USER,
                            LocalPostgres.PASSWORD,
                            PlateProtection.clear(),
                            true,
                            Duration.ofDays(30)))
                    .withTopics(topics),
                OperatorEndpoint.newRegistry(),
                ingest)) {
      String url = sink.url();

      // Nothing without signing in: the API says 401, the page sends to the login form.
      assertThat(get(url + "/api/events", null).statusCode()).isEqualTo(401);
      HttpResponse<String> page = get(url + "/", null);
      assertThat(page.statusCode()).isEqualTo(303);
      assertThat(page.headers().firstValue("Location")).contains("/login");
      assertThat(get(url + "/health", null).statusCode()).isEqualTo(200);
      assertThat(login(url, "operator", "wrong").statusCode()).isEqualTo(401);
      HttpResponse<String> signedIn = login(url, "operator", "correct horse");
      assertThat(signedIn.statusCode()).isEqualTo(303);
      String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(url + "/"))
                          .header("Cookie", cookie)
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body())
          .contains("<title>PlateStream</title>");

      // The live stream sees an event produced now.
      CompletableFuture<String> streamed = firstStreamed(url + "/api/stream", "event: plate");
      byte[] snapshotJpeg = {(byte) 0xff, (byte) 0xd8, 1, 2, 3, (byte) 0xff, (byte) 0xd9};
      PlateEvent event =
          PlateEvent.newBuilder(event("gate/1", "京A12345", 1_000))
              .setBestSnapshot(java.nio.ByteBuffer.wrap(snapshotJpeg))
              .build();
      SinkTopics.produce(
          platform, schemas, topics.events(), event, event("gate/2", "京A12346", 2_000));
      assertThat(streamed.get(60, TimeUnit.SECONDS)).contains("\"eventId\":\"gate/1\"");

      // The history answers searches once the writer has stored both.
      await(() -> sink.storedEvents() >= 2);
      JsonNode fuzzy = json(get(url + "/api/events?match=fuzzy&plate=" + encode("京a12345"), TOKEN));
      assertThat(fuzzy.get("total").asInt()).isEqualTo(2);
      assertThat(fuzzy.get("items").get(0).get("plate").asText()).isEqualTo("京A12346");
      // Times in and out as ISO-8601; paging links to the next page.
      JsonNode firstOnly = json(get(url + "/api/events?to=1970-01-01T00:00:01.500Z&size=1", TOKEN));
      assertThat(firstOnly.get("items").get(0).get("firstSeen").asText())
          .isEqualTo("1970-01-01T00:00:01Z");
      JsonNode pageOne = json(get(url + "/api/events?size=1", TOKEN));
      assertThat(pageOne.get("next").asText()).isEqualTo("/api/events?size=1&page=1");
      assertThat(json(get(url + pageOne.get("next").asText(), TOKEN)).get("next").isNull())
          .isTrue();
      HttpResponse<String> csv = get(url + "/api/events.csv?plate=" + encode("京A12345"), TOKEN);
      assertThat(csv.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
      assertThat(csv.body().split("\r\n"))
          .containsExactly(
              "event_id,camera_id,plate,valid,confidence,first_seen,last_seen,read_count,provisional",
              csv.body().split("\r\n")[1]);
      assertThat(csv.body()).contains("gate/1,gate,京A12345,true,");
      JsonNode one = json(get(url + "/api/event?id=" + encode("gate/1"), TOKEN));
      assertThat(one.get("candidates").get(0).get("text").asText()).isEqualTo("京A12345");
      assertThat(one.get("recognizer").get("version").asInt())
          .isEqualTo(event.getRecognizer().getVersion());
      HttpResponse<byte[]> crop =
          http.send(
              authorized(url + "/api/crop?id=" + encode("gate/1"), TOKEN).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(crop.headers().firstValue("Content-Type")).contains("image/jpeg");
      assertThat(crop.body()).hasSize(event.getBestCrop().remaining());
      // The snapshot is stored with the history and served beside the crop.
      assertThat(one.get("hasSnapshot").asBoolean()).isTrue();
      HttpResponse<byte[]> snapshot =
          http.send(
              authorized(url + "/api/snapshot?id=" + encode("gate/1"), TOKEN).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(snapshot.statusCode()).isEqualTo(200);
      assertThat(snapshot.body()).isEqualTo(snapshotJpeg);
      assertThat(snapshot.headers().firstValue("Cache-Control"))
          .hasValueSatisfying(value -> assertThat(value).contains("immutable"));
      assertThat(get(url + "/api/snapshot?id=" + encode("gate/2"), TOKEN).statusCode())
          .as("an event without a snapshot")
          .isEqualTo(404);
      JsonNode cameras = json(get(url + "/api/cameras", TOKEN)).get("items");
      assertThat(cameras.get(0).get("cameraId").asText()).isEqualTo("gate");
      assertThat(cameras.get(0).get("state").asText()).isEqualTo("STREAMING");
      await(
          () ->
              json(get(url + "/api/cameras", TOKEN)).get("items").get(0).path("events").asInt()
                  == 2);
      assertThat(
              json(get(url + "/api/cameras", TOKEN))
                  .get("items")
                  .get(0)
                  .get("eventsLastMinute")
                  .asInt())
          .isEqualTo(2);

      // Bad requests are named.
      HttpResponse<String> badMatch = get(url + "/api/events?match=soundex&plate=A", TOKEN);
      assertThat(badMatch.statusCode()).isEqualTo(400);
      assertThat(json(badMatch).get("error").asText())
          .isEqualTo("match must be one of exact, prefix, fuzzy, got 'soundex'");
      assertThat(get(url + "/api/event?id=nothing", TOKEN).statusCode()).isEqualTo(404);

      // Watchlists through the API; an event on the list raises an alert, live and listed.
      HttpResponse<String> badList =
          put(
              url + "/api/watchlists",
              "{\"name\":\"stolen\",\"entries\":[{\"id\":\"e1\",\"matchType\":\"pattern\","
                  + "\"value\":\"京(A\",\"label\":\"x\",\"severity\":\"critical\"}]}");
      assertThat(badList.statusCode()).isEqualTo(400);
      assertThat(json(badList).get("error").asText()).contains("is not a regular expression");
      HttpResponse<String> list =
          put(
              url + "/api/watchlists",
              "{\"name\":\"stolen\",\"entries\":[{\"id\":\"e1\",\"matchType\":\"exact\","
                  + "\"value\":\"沪B67890\",\"label\":\"stolen car\",\"severity\":\"critical\"}]}");
      assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
      assertThat(json(get(url + "/api/watchlists", TOKEN)).get("items").get(0).get("name").asText())
          .isEqualTo("stolen");
      // The stage picks the list up through its global store; send the event until it alerts.
      CompletableFuture<String> alerted = firstStreamed(url + "/api/stream", "event: alert");
      for (int i = 3; !alerted.isDone() && i < 60; i++) {
        SinkTopics.produce(
            platform, schemas, topics.events(), event("gate/" + i, "沪B67890", i * 1_000L));
        Thread.sleep(500);
      }
      assertThat(alerted.get(30, TimeUnit.SECONDS)).contains("\"label\":\"stolen car\"");
      await(() -> json(get(url + "/api/alerts", TOKEN)).get("total").asInt() >= 1);
      JsonNode alert = json(get(url + "/api/alerts?size=1", TOKEN)).get("items").get(0);
      assertThat(alert.get("severity").asText()).isEqualTo("CRITICAL");
      assertThat(alert.has("event")).as("events only when asked for").isFalse();
      assertThat(alert.get("acknowledged").asBoolean()).isFalse();
      assertThat(
              json(get(url + "/api/alerts?size=1&include=event", TOKEN))
                  .get("items")
                  .get(0)
                  .get("event")
                  .get("plate")
                  .asText())
          .isEqualTo("沪B67890");
      String alertId = alert.get("alertId").asText();
      HttpResponse<String> acknowledged =
          http.send(
              authorized(url + "/api/alerts/acknowledge?id=" + encode(alertId), TOKEN)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(200);
      assertThat(json(acknowledged).get("acknowledgedBy").asText()).isEqualTo("api token");
      assertThat(
              json(get(url + "/api/alerts?size=1", TOKEN))
                  .get("items")
                  .get(0)
                  .get("acknowledged")
                  .asBoolean())
          .isTrue();
      HttpResponse<String> deleted =
          http.send(
              authorized(url + "/api/watchlists?name=stolen", TOKEN).DELETE().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(deleted.statusCode()).isEqualTo(200);
      assertThat(json(get(url + "/api/watchlists", TOKEN)).get("items")).isEmpty();
    }
  }

  private CompletableFuture<String> firstStreamed(String url, String eventLine) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            HttpResponse<InputStream> response =
                http.send(
                    authorized(url, TOKEN).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines =
                new BufferedReader(
                    new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
              for (String line; (line = lines.readLine()) != null; ) {
                if (line.equals(eventLine)) {
                  return lines.readLine();
                }
              }
            }
            return "stream ended";
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private HttpResponse<String> login(String url, String user, String password) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url + "/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "user=" + encode(user) + "&password=" + encode(password)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> put(String url, String body) throws Exception {
    return http.send(
        authorized(url, TOKEN)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder authorized(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  static PlateEvent event(String eventId, String plate, long firstSeenMs) {
    return PlateEvent.newBuilder(ContractExamples.event())
        .setEventId(eventId)
        .setCameraId("gate")
        .setPlate(plate)
        .setFirstSeenMs(firstSeenMs)
        .setLastSeenMs(System.currentTimeMillis())
        .setEmitTimeMs(System.currentTimeMillis())
        .setCandidates(List.of(new PlateCandidate(plate, 0.9f, true)))
        .build();
  }

  interface Check {
    boolean ok() throws Exception;
  }

  private static void await(Check condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(100);
    }
  }
}
