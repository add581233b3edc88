package io.platestream.sink.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotAcceptableResponse;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.UnsupportedMediaTypeResponse;
import io.javalin.http.sse.SseHandler;
import io.javalin.json.JavalinJackson;
import io.javalin.router.EndpointNotFound;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.platestream.platform.OperatorToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's web server on Javalin: the dashboard, its JSON API and the live stream, all behind
 * {@link Access}; {@code /health}, {@code /metrics} (no plates in either), the login page and the
 * icon are open. Routes match by method and exact path: a wrong method is a 405, an unknown path a
 * 404, each with a JSON body like every other error. The API's routes come from one table ({@link
 * ApiRoute}s), which {@code /api/openapi.json} describes.
 */
public final class SinkServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SinkServer.class);

  /** The largest request body accepted (a watchlist of some ten thousand entries fits). */
  public static final long MAX_BODY_BYTES = 1 << 20;

  /** Paths anyone may fetch. */
  private static final Set<String> OPEN = Set.of("/health", "/metrics", "/login", "/favicon.ico");

  private final Javalin app;
  private final LiveFeed feed;
  private final String host;
  private final boolean https;

  private SinkServer(Javalin app, LiveFeed feed, String host, boolean https) {
    this.app = app;
    this.feed = feed;
    this.host = host;
    this.https = https;
  }

  /**
   * Serves on {@code host:port} (0: a free port).
   *
   * @param tls HTTPS with this identity (and only HTTPS), or null for plain HTTP
   * @param operatorToken the bearer token {@code /metrics} then requires (a signed-in user may read
   *     it too), or null to leave it open
   * @param routes the API: every route under {@code /api/} the server answers
   * @param problems what is broken for good (a worker thread that died): {@code /health} answers
   *     503 with them, so that an orchestrator restarts the sink
   */
  public static SinkServer start(
      String host,
      int port,
      Tls tls,
      Access access,
      String operatorToken,
      LiveFeed feed,
      PrometheusMeterRegistry meters,
      List<ApiRoute> routes,
      Supplier<List<String>> problems) {
    List<ApiRoute> api = new ArrayList<>(routes);
    api.add(
        new ApiRoute(
            HandlerType.GET,
            "/api/stream",
            "live plates and alerts as server-sent events named 'plate' and 'alert'",
            List.of(),
            ApiRoute.Answer.EVENT_STREAM,
            (ctx, query) -> {
              // Javalin streams only to clients that ask for a stream, as EventSource does.
              if (!"text/event-stream".equals(ctx.header("Accept"))) {
                throw new NotAcceptableResponse(
                    "the live stream needs the header Accept: text/event-stream");
              }
              new SseHandler(feed::serve).handle(ctx);
            }));
    AtomicReference<Map<String, Object>> description = new AtomicReference<>();
    api.add(
        ApiRoute.get(
            "/api/openapi.json", "this description", List.of(), (query, ctx) -> description.get()));
    description.set(OpenApiDocument.of(api, version()));
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.prefer405over404 = true;
              config.http.maxRequestSize = MAX_BODY_BYTES;
              config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              config.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
              if (tls != null) {
                config.jetty.addConnector(
                    (server, http) -> TlsConnector.of(server, http, tls, host, port));
              }
              boolean secure = tls != null;
              var r = config.routes;
              r.beforeMatched(ctx -> signedIn(ctx, access, operatorToken));
              r.after(ctx -> securityHeaders(ctx, secure));
              r.get("/health", ctx -> health(ctx, problems.get()));
              r.get(
                  "/metrics",
                  ctx ->
                      ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(meters.scrape()));
              r.get("/favicon.ico", SinkServer::favicon);
              r.get("/login", ctx -> html(ctx, resource("login.html")));
              LoginThrottle throttle = LoginThrottle.defaults();
              r.post("/login", ctx -> login(ctx, access, throttle, secure));
              r.post("/logout", ctx -> logout(ctx, access, secure));
              r.get("/", ctx -> html(ctx, resource("dashboard.html")));
              for (ApiRoute route : api) {
                r.addHttpHandler(route.method(), route.path(), ctx -> serve(ctx, route));
                if (route.method() == HandlerType.GET
                    && route.answer() != ApiRoute.Answer.EVENT_STREAM) {
                  r.head(route.path(), ctx -> serve(ctx, route));
                }
              }
              r.exception(HttpResponseException.class, SinkServer::refused);
              r.exception(IllegalArgumentException.class, SinkServer::badRequest);
              r.exception(Exception.class, SinkServer::failed);
            });
    try {
      app.start(host, port);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot serve the dashboard on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    SinkServer sink = new SinkServer(app, feed, host, tls != null);
    log.info("dashboard at {}", sink.url());
    if (tls == null && (host.equals("0.0.0.0") || host.equals("::"))) {
      log.warn(
          "the dashboard listens on every interface over plain HTTP ({}): passwords and plates"
              + " cross the network in clear; give it a TLS key store or bind 127.0.0.1",
          host);
    }
    return sink;
  }

  private static void serve(Context ctx, ApiRoute route) throws Exception {
    RequestQuery query = RequestQuery.check(ctx.queryParamMap(), route.parameters());
    if (route.method() == HandlerType.PUT || route.method() == HandlerType.POST) {
      String type = ctx.contentType();
      if (ctx.bodyAsBytes().length > 0 && (type == null || !type.startsWith("application/json"))) {
        throw new UnsupportedMediaTypeResponse(
            "the body must be application/json, got " + (type == null ? "no type" : type));
      }
    }
    route.handler().handle(ctx, query);
  }

  /** Lets a signed-in request through; otherwise the login page for a browser, 401 for the API. */
  private static void signedIn(Context ctx, Access access, String operatorToken) {
    if (ctx.path().equals("/metrics") && operatorToken != null) {
      if (OperatorToken.matches(operatorToken, ctx.header("Authorization"))
          || access.allows(ctx.header("Authorization"), ctx.cookie(Access.SESSION_COOKIE))) {
        return;
      }
      ctx.header("WWW-Authenticate", "Bearer realm=\"platestream\"");
      throw new UnauthorizedResponse("the metrics need the operator token");
    }
    if (OPEN.contains(ctx.path())) {
      return;
    }
    Optional<Access.Principal> principal =
        access.principal(ctx.header("Authorization"), ctx.cookie(Access.SESSION_COOKIE));
    if (principal.isPresent()) {
      if (principal.get().role() == Access.Role.REVIEWER && !reviewerMay(ctx)) {
        throw new ForbiddenResponse(
            "reviewer "
                + principal.get().name()
                + " may read events and label them, not "
                + ctx.method()
                + " "
                + ctx.path());
      }
      return;
    }
    if (ctx.path().startsWith("/api/")) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"platestream\"");
      throw new UnauthorizedResponse("authentication required");
    }
    ctx.redirect("/login", HttpStatus.SEE_OTHER);
    ctx.skipRemainingHandlers();
  }

  /** A reviewer reads (the dashboard, events, the review queue), labels, and signs out. */
  private static boolean reviewerMay(Context ctx) {
    HandlerType method = ctx.method();
    return method == HandlerType.GET
        || method == HandlerType.HEAD
        || (method == HandlerType.POST
            && (ctx.path().equals("/api/labels") || ctx.path().equals("/logout")));
  }

  private static void login(Context ctx, Access access, LoginThrottle throttle, boolean secure) {
    String address = ctx.ip();
    Duration wait = throttle.waitFor(address);
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      ctx.header("Retry-After", String.valueOf(seconds));
      loginPage(ctx, 429, "Too many failed sign-ins from here: try again in " + seconds + " s.");
      return;
    }
    Optional<String> session = access.login(ctx.formParam("user"), ctx.formParam("password"));
    if (session.isEmpty()) {
      throttle.failed(address);
      loginPage(ctx, 401, "Wrong user or password.");
      return;
    }
    throttle.succeeded(address);
    ctx.header(
        "Set-Cookie",
        Access.SESSION_COOKIE
            + "="
            + session.get()
            + "; Path=/; HttpOnly; SameSite=Strict"
            + (secure ? "; Secure" : ""));
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  private static void loginPage(Context ctx, int status, String message) {
    String page =
        new String(resource("login.html"), java.nio.charset.StandardCharsets.UTF_8)
            .replace("<!--message-->", "<p class=\"error\">" + message + "</p>");
    ctx.status(status).contentType("text/html; charset=utf-8").result(page);
  }

  private static void logout(Context ctx, Access access, boolean secure) {
    access.logout(ctx.cookie(Access.SESSION_COOKIE));
    ctx.header(
        "Set-Cookie",
        Access.SESSION_COOKIE
            + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
            + (secure ? "; Secure" : ""));
    ctx.redirect("/login", HttpStatus.SEE_OTHER);
  }

  /** 200 "ok", or 503 and one line per problem: what an orchestrator's probe reads. */
  private static void health(io.javalin.http.Context ctx, List<String> problems) {
    ctx.contentType("text/plain; charset=utf-8");
    if (problems.isEmpty()) {
      ctx.result("ok\n");
    } else {
      ctx.status(503).result("unhealthy\n" + String.join("\n", problems) + "\n");
    }
  }

  private static void favicon(Context ctx) {
    ctx.header("Cache-Control", "public, max-age=86400")
        .contentType("image/svg+xml")
        .result(resource("favicon.svg"));
  }

  private static void html(Context ctx, byte[] page) {
    ctx.header("Cache-Control", "no-store").contentType("text/html; charset=utf-8").result(page);
  }

  private static void securityHeaders(Context ctx, boolean secure) {
    if (secure) {
      ctx.header("Strict-Transport-Security", "max-age=31536000");
    }
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
            + " script-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
  }

  private static void refused(HttpResponseException e, Context ctx) {
    String message = e.getMessage();
    if (e instanceof EndpointNotFound) {
      message = "no route " + ctx.path();
    } else if (e.getStatus() == 405) {
      message = ctx.method().name() + " is not allowed on " + ctx.path();
    } else if (e.getStatus() == 413) {
      message = "the body is larger than " + MAX_BODY_BYTES + " bytes";
    }
    error(ctx, e.getStatus(), message);
  }

  private static void badRequest(IllegalArgumentException e, Context ctx) {
    error(ctx, 400, e.getMessage());
  }

  /**
   * A failure behind the API (the history database, Kafka): the detail goes to the log under a
   * reference, the client gets the reference only, never the exception's text.
   */
  private static void failed(Exception e, Context ctx) {
    String reference = Long.toString(System.nanoTime() & 0xffffffL, 36);
    String request;
    try {
      request = ctx.method() + " " + ctx.path();
    } catch (RuntimeException gone) {
      return; // the client went away (a closed live stream): nobody to answer
    }
    log.warn("{} failed (ref {}): {}", request, reference, e.toString());
    error(
        ctx,
        503,
        "the service cannot answer now; the server log has the cause (ref " + reference + ")");
  }

  private static void error(Context ctx, int status, String message) {
    ctx.status(status).json(Map.of("error", message == null ? "" : message));
  }

  private static String version() {
    String version = SinkServer.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  static byte[] resource(String name) {
    try (InputStream in = SinkServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    String shown = host.equals("0.0.0.0") ? "localhost" : host;
    return (https ? "https://" : "http://") + shown + ":" + app.port();
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    feed.close();
    app.stop();
  }
}
