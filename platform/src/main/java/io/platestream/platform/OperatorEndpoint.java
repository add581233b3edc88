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
   * Serves on {@code host:port} (port 0 picks a free one).
   *
   * @param pages path to the object shown there as JSON
   */
  public static OperatorEndpoint start(
      String host, int port, PrometheusMeterRegistry registry, Map<String, Supplier<?>> pages) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot serve the operator endpoint on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    server.setExecutor(Executors.newFixedThreadPool(2, daemon()));
    server.createContext(
        "/metrics",
        exchange ->
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext(
        "/health", exchange -> respond(exchange, 200, "text/plain; charset=utf-8", "ok\n"));
    pages.forEach(
        (path, page) ->
            server.createContext(
                path,
                exchange -> {
                  try {
                    respond(
                        exchange,
                        200,
                        "application/json",
                        JSON.writeValueAsString(page.get()) + "\n");
                  } catch (RuntimeException e) {
                    respond(exchange, 500, "text/plain; charset=utf-8", e + "\n");
                  }
                }));
    server.start();
    OperatorEndpoint endpoint = new OperatorEndpoint(server, registry);
    log.info("operator endpoint at {} (/metrics, /health, {})", endpoint.url(), pages.keySet());
    return endpoint;
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
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
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
