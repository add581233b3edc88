package io.platestream.sink.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.sink.SinkService;
import io.platestream.sink.testing.SinkTopics;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.FuzzRun;
import io.platestream.testing.TextMutations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded fuzzing of what the dashboard's server parses from outside: query strings of the API's
 * searches, watchlist bodies and the sign-in form, as seeded mutations of valid requests sent to a
 * real sink. Every answer must be a success or a 4xx that says why (JSON with an "error" under
 * /api/), never a 5xx; afterwards the server still answers a valid search.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class HttpRequestFuzzTest {
  private static final String TOKEN = "fuzz-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> QUERIES =
      List.of(
          "/api/events?plate=%E4%BA%ACA1&camera=gate&from=2026-12-01T00:00:00Z&to=1765000000000"
              + "&page=1&size=20",
          "/api/events.csv?camera=gate&from=1765000000000&size=200",
          "/api/alerts?include=event&page=2&size=5",
          "/api/event?id=0f8fad5b-d9cb-469f-a165-70867728950e",
          "/api/crop?id=0f8fad5b-d9cb-469f-a165-70867728950e",
          "/api/cameras?page=1",
          "/api/watchlists?size=10");
  private static final String WATCHLIST =
      "{\"name\":\"stolen\",\"entries\":[{\"id\":\"e1\",\"matchType\":\"exact\",\"value\":"
          + "\"京A12345\",\"label\":\"stolen car\",\"severity\":\"critical\"},{\"id\":\"e2\","
          + "\"matchType\":\"pattern\",\"value\":\"京A9.*\",\"severity\":\"info\"}]}";

  @Test
  void mutatedRequestsAreAnsweredOrRefusedWithTheReasonNeverWithAServerError(
      EmbeddedPlatform platform, @TempDir Path state) throws Exception {
    Access access =
        new Access(
            "operator", "correct horse", List.of(TOKEN), Duration.ofHours(1), Clock.systemUTC());
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        SinkService sink =
            SinkService.start(
                platform.bootstrapServers(),
                schemas,
                SinkService.Settings.of(access, state)
                    .withHttp("127.0.0.1", 0)
                    .withTopics(SinkTopics.create(platform)),
                OperatorEndpoint.newRegistry(),
                List::of)) {
      String url = sink.url();
      FuzzRun.Outcome queries =
          FuzzRun.run(
              "dashboard API query string",
              61,
              1_500,
              random -> sendableTarget(random),
              target -> check(http.send(get(url + target), HttpResponse.BodyHandlers.ofString())),
              FuzzRun.Refused.class,
              message -> message.contains("\"error\""));
      FuzzRun.Outcome watchlists =
          FuzzRun.run(
              "watchlist body",
              62,
              1_000,
              random -> TextMutations.mutate(WATCHLIST, random, "{}[]\",:.*aez0129京 \\"),
              body ->
                  check(
                      http.send(
                          authorized(url + "/api/watchlists")
                              .header("Content-Type", "application/json")
                              .PUT(HttpRequest.BodyPublishers.ofString(body))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())),
              FuzzRun.Refused.class,
              message -> message.contains("\"error\""));
      FuzzRun.Outcome logins =
          FuzzRun.run(
              "sign-in form",
              63,
              500,
              random ->
                  TextMutations.mutate(
                      "user=operator&password=correct+horse", random, "&=+%0aA%zZ;\n"),
              body -> {
                HttpResponse<String> response =
                    http.send(
                        HttpRequest.newBuilder(URI.create(url + "/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 500) {
                  throw new IllegalStateException("HTTP " + response.statusCode());
                }
                if (response.statusCode() >= 400) {
                  throw new FuzzRun.Refused(response.statusCode() + " " + response.body());
                }
              },
              FuzzRun.Refused.class,
              message -> !message.contains("correct"));

      assertThat(queries.crashes()).isEmpty();
      assertThat(watchlists.crashes()).isEmpty();
      assertThat(logins.crashes()).isEmpty();
      assertThat(queries.refused()).isPositive();
      assertThat(watchlists.accepted()).isPositive();
      HttpResponse<String> after =
          http.send(get(url + "/api/events?size=1"), HttpResponse.BodyHandlers.ofString());
      assertThat(after.statusCode()).as("a valid search afterwards").isEqualTo(200);
    }
  }

  /** A mutated target the HTTP client can send (a mutation may break the URI itself). */
  private static String sendableTarget(Random random) {
    while (true) {
      String target =
          TextMutations.mutate(
              QUERIES.get(random.nextInt(QUERIES.size())), random, "&=?%/.-_:+0129aAzZE4");
      try {
        URI.create("http://localhost" + target);
        if (target.startsWith("/api/")) {
          return target;
        }
      } catch (IllegalArgumentException e) {
        // Not a URI: the server never sees it; draw another.
      }
    }
  }

  private static HttpRequest get(String url) {
    return authorized(url).GET().build();
  }

  private static HttpRequest.Builder authorized(String url) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN);
  }

  private static void check(HttpResponse<String> response) throws FuzzRun.Refused {
    int status = response.statusCode();
    if (status >= 500) {
      throw new IllegalStateException("HTTP " + status + " " + response.body());
    }
    if (status >= 400) {
      try {
        JSON.readTree(response.body());
      } catch (Exception e) {
        throw new IllegalStateException(
            "HTTP " + status + " without a JSON error: " + response.body());
      }
      throw new FuzzRun.Refused(response.body());
    }
  }
}
