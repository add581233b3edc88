package io.platestream.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stage's operator endpoint: exact paths, GET and HEAD only, and an optional bearer token. */
class OperatorEndpointTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void withATokenOnlyHealthIsOpenAndEveryPathMatchesExactly() throws Exception {
    try (OperatorEndpoint endpoint =
        OperatorEndpoint.start(
            "127.0.0.1",
            0,
            "operator-token-123",
            OperatorEndpoint.newRegistry(),
            Map.of("/status", () -> Map.of("stage", "detect")))) {
      String url = endpoint.url();
      assertThat(send("GET", url + "/health", null).statusCode()).isEqualTo(200);
      assertThat(send("GET", url + "/status", null).statusCode()).isEqualTo(401);
      assertThat(send("GET", url + "/metrics", "wrong").statusCode()).isEqualTo(401);
      HttpResponse<String> status = send("GET", url + "/status", "operator-token-123");
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.body()).contains("\"stage\" : \"detect\"");
      assertThat(send("GET", url + "/metrics", "operator-token-123").statusCode()).isEqualTo(200);
      assertThat(send("GET", url + "/statusx", "operator-token-123").statusCode()).isEqualTo(404);
      assertThat(send("GET", url + "/metricsfoo", null).statusCode()).isEqualTo(404);
      assertThat(send("POST", url + "/status", "operator-token-123").statusCode()).isEqualTo(405);
      HttpResponse<String> head = send("HEAD", url + "/health", null);
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
    }
  }

  @Test
  void withoutATokenEveryPageIsOpen() throws Exception {
    try (OperatorEndpoint endpoint =
        OperatorEndpoint.start(
            "127.0.0.1", 0, OperatorEndpoint.newRegistry(), Map.of("/status", () -> Map.of()))) {
      assertThat(send("GET", endpoint.url() + "/status", null).statusCode()).isEqualTo(200);
    }
  }

  private HttpResponse<String> send(String method, String url, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
