package io.platestream.sink.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.platestream.sink.events.EventQueries;
import io.platestream.sink.events.EventQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's web server: the dashboard, its JSON API and the live stream, all behind {@link
 * Access}; {@code /health}, {@code /metrics} (no plates in either) and the login page are open.
 *
 * <pre>
 *   GET  /                      dashboard (redirects to /login without a session)
 *   GET  /api/events            search: plate, match=exact|prefix|fuzzy, camera, from, to, page, size
 *   GET  /api/event?id=ID       one event with all candidates
 *   GET  /api/crop?id=ID        its best crop, image/jpeg
 *   GET  /api/cameras           per-camera health and throughput
 *   GET  /api/stream            server-sent events: "plate" and "alert"
 *   ...                         routes added by {@link Route}s (watchlists, alerts)
 * </pre>
 */
public final class SinkServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SinkServer.class);
  static final ObjectMapper JSON = new ObjectMapper();

  /** An extra API route: answers with an object shown as JSON, or throws. */
  @FunctionalInterface
  public interface Route {
    Object handle(String method, Map<String, String> query, byte[] body) throws Exception;
  }

  /** A request that names something missing: 404. */
  public static final class NotFound extends RuntimeException {
    public NotFound(String message) {
      super(message);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final LiveFeed feed;

  private SinkServer(HttpServer server, ExecutorService executor, LiveFeed feed) {
    this.server = server;
    this.executor = executor;
    this.feed = feed;
  }

  /**
   * Serves on {@code host:port} (0: a free port).
   *
   * @param cameras per-camera health rows for {@code /api/cameras}
   * @param routes extra API routes by path (for example {@code /api/watchlists})
   */
  public static SinkServer start(
      String host,
      int port,
      Access access,
      EventQueries events,
      Supplier<List<Map<String, Object>>> cameras,
      LiveFeed feed,
      PrometheusMeterRegistry meters,
      Map<String, Route> routes) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot serve the dashboard on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    // Threads on demand: each open live stream holds one.
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "sink-http");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext(
        "/health", ex -> send(ex, 200, "text/plain; charset=utf-8", bytes("ok\n")));
    server.createContext(
        "/metrics",
        ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", bytes(meters.scrape())));
    server.createContext("/login", ex -> login(ex, access));
    server.createContext("/logout", ex -> logout(ex, access));
    server.createContext(
        "/",
        ex -> {
          if (!allowed(ex, access)) {
            return;
          }
          String path = ex.getRequestURI().getPath();
          if (!path.equals("/") && !path.equals("/index.html")) {
            json(ex, 404, Map.of("error", "no page at " + path));
            return;
          }
          send(ex, 200, "text/html; charset=utf-8", resource("dashboard.html"));
        });
    server.createContext(
        "/api/events",
        api(access, (method, query, body) -> events.search(EventQuery.parse(query))));
    server.createContext(
        "/api/event",
        api(
            access,
            (method, query, body) ->
                events.byId(required(query, "id")).orElseThrow(() -> notFound(query))));
    server.createContext(
        "/api/crop",
        ex -> {
          if (!allowed(ex, access)) {
            return;
          }
          try {
            Optional<byte[]> crop = events.crop(required(query(ex.getRequestURI()), "id"));
            if (crop.isPresent()) {
              ex.getResponseHeaders().set("Cache-Control", "private, max-age=3600");
              send(ex, 200, "image/jpeg", crop.get());
            } else {
              json(ex, 404, Map.of("error", "no crop kept for that event"));
            }
          } catch (RuntimeException e) {
            failed(ex, e);
          }
        });
    server.createContext("/api/cameras", api(access, (method, query, body) -> cameras.get()));
    server.createContext(
        "/api/stream",
        ex -> {
          if (allowed(ex, access)) {
            feed.serve(ex);
          }
        });
    routes.forEach((path, route) -> server.createContext(path, api(access, route)));
    server.start();
    SinkServer sink = new SinkServer(server, executor, feed);
    log.info("dashboard at {}", sink.url());
    return sink;
  }

  public String url() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static com.sun.net.httpserver.HttpHandler api(Access access, Route route) {
    return ex -> {
      if (!allowed(ex, access)) {
        return;
      }
      try {
        byte[] body = ex.getRequestBody().readAllBytes();
        Object answer = route.handle(ex.getRequestMethod(), query(ex.getRequestURI()), body);
        json(ex, 200, answer);
      } catch (Exception e) {
        failed(ex, e);
      }
    };
  }

  private static void failed(HttpExchange ex, Exception e) throws IOException {
    if (e instanceof NotFound) {
      json(ex, 404, Map.of("error", e.getMessage()));
    } else if (e instanceof IllegalArgumentException
        || e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
      json(ex, 400, Map.of("error", e.getMessage()));
    } else {
      log.warn("{} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
      json(ex, 503, Map.of("error", String.valueOf(e.getMessage())));
    }
  }

  /** Lets the request through, or answers it: the login page for a browser, 401 for the API. */
  private static boolean allowed(HttpExchange ex, Access access) throws IOException {
    if (access.allows(
        ex.getRequestHeaders().getFirst("Authorization"), cookie(ex, Access.SESSION_COOKIE))) {
      return true;
    }
    if (ex.getRequestURI().getPath().startsWith("/api/")) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"platestream\"");
      json(ex, 401, Map.of("error", "authentication required"));
    } else {
      ex.getResponseHeaders().set("Location", "/login");
      send(ex, 303, "text/plain; charset=utf-8", bytes("see /login\n"));
    }
    return false;
  }

  private static void login(HttpExchange ex, Access access) throws IOException {
    if (ex.getRequestMethod().equals("POST")) {
      Map<String, String> form =
          parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Optional<String> session = access.login(form.get("user"), form.get("password"));
      if (session.isPresent()) {
        ex.getResponseHeaders()
            .add(
                "Set-Cookie",
                Access.SESSION_COOKIE
                    + "="
                    + session.get()
                    + "; Path=/; HttpOnly; SameSite=Strict");
        ex.getResponseHeaders().set("Location", "/");
        send(ex, 303, "text/plain; charset=utf-8", bytes("signed in\n"));
        return;
      }
      String page =
          new String(resource("login.html"), StandardCharsets.UTF_8)
              .replace("<!--message-->", "<p class=\"error\">Wrong user or password.</p>");
      send(ex, 401, "text/html; charset=utf-8", bytes(page));
      return;
    }
    send(ex, 200, "text/html; charset=utf-8", resource("login.html"));
  }

  private static void logout(HttpExchange ex, Access access) throws IOException {
    access.logout(cookie(ex, Access.SESSION_COOKIE));
    ex.getResponseHeaders()
        .add(
            "Set-Cookie",
            Access.SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    ex.getResponseHeaders().set("Location", "/login");
    send(ex, 303, "text/plain; charset=utf-8", bytes("signed out\n"));
  }

  private static String cookie(HttpExchange ex, String name) {
    List<String> headers = ex.getRequestHeaders().get("Cookie");
    if (headers == null) {
      return null;
    }
    for (String header : headers) {
      for (String part : header.split(";")) {
        String[] pair = part.strip().split("=", 2);
        if (pair.length == 2 && pair[0].equals(name)) {
          return pair[1];
        }
      }
    }
    return null;
  }

  private static NotFound notFound(Map<String, String> query) {
    return new NotFound("no event " + query.get("id"));
  }

  private static String required(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the query parameter '" + name + "' is required");
    }
    return value;
  }

  static Map<String, String> query(URI uri) {
    return parse(uri.getRawQuery());
  }

  private static Map<String, String> parse(String encoded) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return parameters;
    }
    for (String pair : encoded.split("&")) {
      String[] kv = pair.split("=", 2);
      parameters.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return parameters;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = SinkServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing resource " + name);
      }
      return in.readAllBytes();
    }
  }

  private static void json(HttpExchange ex, int status, Object body) throws IOException {
    send(ex, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    feed.close();
    server.stop(0);
    executor.shutdownNow();
  }
}
