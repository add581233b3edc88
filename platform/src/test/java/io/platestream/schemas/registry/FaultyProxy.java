package io.platestream.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only HTTP proxy in front of the real embedded registry that answers the first N requests
 * with 503 and records every request it forwards: fault injection for the client's retry and cache
 * behaviour, with the real registry answering everything that gets through.
 */
final class FaultyProxy implements AutoCloseable {
  private final HttpServer server;
  private final HttpClient upstream = HttpClient.newHttpClient();
  private final String target;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  final List<String> forwarded = new CopyOnWriteArrayList<>();
  final AtomicInteger refused = new AtomicInteger();

  FaultyProxy(String target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void failNext(int count) {
    failuresLeft.set(count);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] requestBody = exchange.getRequestBody().readAllBytes();
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        refused.incrementAndGet();
        respond(exchange, 503, "{\"error_code\":50301,\"message\":\"injected outage\"}".getBytes());
        return;
      }
      String pathAndQuery = exchange.getRequestURI().toString();
      forwarded.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + pathAndQuery));
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType != null) request.header("Content-Type", contentType);
      request.method(
          exchange.getRequestMethod(),
          requestBody.length == 0
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(requestBody));
      HttpResponse<byte[]> response =
          upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      respond(exchange, response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
