package io.platestream.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's small HTTP page for operators: {@code /metrics} in Prometheus' text format, {@code
 * /health}, and JSON status pages the stage adds (for example ingest's {@code /status}).
 */
public final class OperatorEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OperatorEndpoint.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final HttpServer server;
  private final PrometheusMeterRegistry registry;

  private OperatorEndpoint(HttpServer server, PrometheusMeterRegistry registry) {
    this.server = server;
    this.registry = registry;
  }

  /** A registry for the process's meters, to be passed to {@link #start}. */
  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /**
   * Serves on {@code host:port} (port 0 picks a free one), open to anyone who reaches it.
   *
   * @param pages path to the object shown there as JSON
   */
  public static OperatorEndpoint start(
      String host, int port, PrometheusMeterRegistry registry, Map<String, Supplier<?>> pages) {
    return start(host, port, null, registry, pages);
  }

  /**
   * Serves on {@code host:port} (port 0 picks a free one). Paths match exactly and only GET and
   * HEAD are answered.
   *
   * @param token when not null, every path but {@code /health} needs {@code Authorization: Bearer
   *     <token>}: status pages name cameras and models, metrics name cameras
   * @param pages path to the object shown there as JSON
   */
  public static OperatorEndpoint start(
      String host,
      int port,
      String token,
      PrometheusMeterRegistry registry,
      Map<String, Supplier<?>> pages) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot serve the operator endpoint on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    server.setExecutor(Executors.newFixedThreadPool(2, daemon()));
    Map<String, Page> routes = new java.util.LinkedHashMap<>();
    routes.put(
        "/metrics",
        () -> new Answer("text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    routes.put("/health", () -> new Answer("text/plain; charset=utf-8", "ok\n"));
    pages.forEach(
        (path, page) ->
            routes.put(
                path,
                () -> new Answer("application/json", JSON.writeValueAsString(page.get()) + "\n")));
    server.createContext("/", exchange -> serve(exchange, routes, token));
    server.start();
    OperatorEndpoint endpoint = new OperatorEndpoint(server, registry);
    log.info(
        "operator endpoint at {} (/metrics, /health, {}){}",
        endpoint.url(),
        pages.keySet(),
        token == null ? "" : ", behind a bearer token");
    return endpoint;
  }

  /** What a path answers with. */
  private record Answer(String type, String body) {}

  @FunctionalInterface
  private interface Page {
    Answer get() throws IOException;
  }

  private static void serve(HttpExchange exchange, Map<String, Page> routes, String token)
      throws IOException {
    String path = exchange.getRequestURI().getPath();
    Page page = routes.get(path);
    if (page == null) {
      respond(exchange, 404, "text/plain; charset=utf-8", "no page at " + path + "\n");
      return;
    }
    String method = exchange.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      respond(exchange, 405, "text/plain; charset=utf-8", method + " is not allowed here\n");
      return;
    }
    if (token != null && !path.equals("/health") && !bearer(exchange, token)) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"platestream\"");
      respond(exchange, 401, "text/plain; charset=utf-8", "authentication required\n");
      return;
    }
    try {
      Answer answer = page.get();
      respond(exchange, 200, answer.type(), answer.body());
    } catch (RuntimeException e) {
      log.warn("operator page {} failed: {}", path, e.toString());
      respond(exchange, 500, "text/plain; charset=utf-8", "the page failed; see the log\n");
    }
  }

  private static boolean bearer(HttpExchange exchange, String token) {
    return OperatorToken.matches(token, exchange.getRequestHeaders().getFirst("Authorization"));
  }

  public String url() {
    InetSocketAddress address = server.getAddress();
    // Bound to every interface: this machine's own name for it is what an operator can open.
    String host = address.getAddress().isAnyLocalAddress() ? "localhost" : address.getHostString();
    return "http://" + host + ":" + address.getPort();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "operator-endpoint");
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
