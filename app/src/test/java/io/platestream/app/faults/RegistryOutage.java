package io.platestream.app.faults;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A schema registry that goes away on demand: an HTTP front that passes each request to the real
 * registry behind it, or, while {@link #down} is set, answers 503 as a registry does that cannot
 * reach its storage. Only the outage is made up; what it serves otherwise is the real registry's.
 */
final class RegistryOutage implements AutoCloseable {
  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final String target;
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger refused = new AtomicInteger();

  RegistryOutage(String registryUrl) throws IOException {
    this.target = registryUrl.endsWith("/") ? registryUrl : registryUrl + "/";
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
              body = in.readAllBytes();
            }
            if (down.get()) {
              refused.incrementAndGet();
              byte[] error =
                  "{\"error_code\":50301,\"message\":\"storage unavailable\"}".getBytes();
              exchange.sendResponseHeaders(503, error.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(error);
              }
              return;
            }
            String path = exchange.getRequestURI().toString().substring(1);
            HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(target + path))
                    .method(
                        exchange.getRequestMethod(),
                        body.length == 0
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type != null) {
              request.header("Content-Type", type);
            }
            HttpResponse<byte[]> answer =
                client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            exchange
                .getResponseHeaders()
                .add(
                    "Content-Type",
                    answer.headers().firstValue("Content-Type").orElse("application/json"));
            exchange.sendResponseHeaders(
                answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void down(boolean isDown) {
    down.set(isDown);
  }

  /** Requests answered 503 so far. */
  int refused() {
    return refused.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
