package io.platestream.sink.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.platform.OperatorEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code /health} answers 503 with the reason once a part of the sink has stopped for good. */
class HealthTest {

  @Test
  void healthFailsWithTheReasonWhenAWorkerHasDied() throws Exception {
    List<String> problems = new CopyOnWriteArrayList<>();
    Access access =
        new Access("operator", "correct horse", List.of(), Duration.ofHours(1), Clock.systemUTC());
    try (LiveFeed feed = new LiveFeed();
        SinkServer server =
            SinkServer.start(
                "127.0.0.1",
                0,
                null,
                access,
                null,
                feed,
                OperatorEndpoint.newRegistry(),
                List.of(),
                () -> List.copyOf(problems))) {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest health = HttpRequest.newBuilder(URI.create(server.url() + "/health")).build();

      HttpResponse<String> ok = http.send(health, HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("ok\n");

      problems.add("history writer stopped: java.lang.IllegalStateException: disk gone");
      HttpResponse<String> down = http.send(health, HttpResponse.BodyHandlers.ofString());
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body())
          .isEqualTo(
              "unhealthy\nhistory writer stopped: java.lang.IllegalStateException: disk gone\n");
    }
  }
}
