package io.platestream.schemas.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.platestream.schemas.registry.AvroCompatibility;
import io.platestream.schemas.registry.CompatibilityLevel;
import io.platestream.schemas.registry.RegisteredSchema;
import io.platestream.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry for single-machine runs and tests that serves the subset of the Confluent REST
 * API that serializers and common tools use, stores its content in a compacted Kafka topic, and
 * checks compatibility with Avro's own checker (BACKWARD by default, like Confluent's).
 *
 * <p>Served: {@code GET /subjects}, {@code POST /subjects/{s}}, {@code GET|POST
 * /subjects/{s}/versions}, {@code GET /subjects/{s}/versions/{v|latest}[/schema]}, {@code GET
 * /schemas/ids/{id}[/schema]}, {@code POST /compatibility/subjects/{s}/versions/{v|latest}}, {@code
 * GET|PUT /config[/{s}]}. Errors use Confluent's {@code {"error_code", "message"}} body and codes.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final RegistryState state = new RegistryState();
  private final SchemaLog schemaLog;
  private final HttpServer server;
  private final ExecutorService executor;
  private final String expectedAuthorization;
  private final ObjectMapper json = new ObjectMapper();
  private final Object writeLock = new Object();

  /** Settings of an embedded registry; {@link #defaults(String)} suits the demo and tests. */
  public record Settings(
      String bootstrapServers,
      String topic,
      String host,
      int port,
      SSLContext sslContext,
      String basicAuthUserInfo) {
    public static Settings defaults(String bootstrapServers) {
      return new Settings(bootstrapServers, "_schemas", "127.0.0.1", 0, null, null);
    }

    public Settings withPort(int newPort) {
      return new Settings(bootstrapServers, topic, host, newPort, sslContext, basicAuthUserInfo);
    }

    public Settings withTopic(String newTopic) {
      return new Settings(bootstrapServers, newTopic, host, port, sslContext, basicAuthUserInfo);
    }

    public Settings withTls(SSLContext context) {
      return new Settings(bootstrapServers, topic, host, port, context, basicAuthUserInfo);
    }

    public Settings withBasicAuth(String userInfo) {
      return new Settings(bootstrapServers, topic, host, port, sslContext, userInfo);
    }
  }

  private EmbeddedSchemaRegistry(Settings settings) throws IOException {
    this.schemaLog = new SchemaLog(settings.bootstrapServers(), settings.topic(), state);
    InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
    if (settings.sslContext() != null) {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(settings.sslContext()));
      this.server = https;
    } else {
      this.server = HttpServer.create(address, 0);
    }
    this.expectedAuthorization =
        settings.basicAuthUserInfo() == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(settings.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "schema-registry-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Reads the registry topic to its end, then starts serving. */
  public static EmbeddedSchemaRegistry start(Settings settings) {
    try {
      EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(settings);
      log.info(
          "embedded schema registry serving {} from topic '{}'", registry.url(), settings.topic());
      return registry;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start the embedded schema registry on "
              + settings.host()
              + ":"
              + settings.port()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  public static EmbeddedSchemaRegistry start(String bootstrapServers) {
    return start(Settings.defaults(bootstrapServers));
  }

  /** Base URL, e.g. {@code http://127.0.0.1:40123}. */
  public String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    InetSocketAddress address = server.getAddress();
    return scheme + "://" + address.getHostString() + ":" + address.getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    schemaLog.close();
  }

  // ---- HTTP plumbing ----

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorized(exchange)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"schema-registry\"");
        reply(
            exchange,
            401,
            error(401, "Unauthorized: this registry requires HTTP basic authentication"));
        return;
      }
      Reply reply;
      try {
        reply = route(exchange.getRequestMethod(), exchange.getRequestURI(), readBody(exchange));
      } catch (SchemaRegistryException e) {
        reply = new Reply(e.httpStatus(), error(e.errorCode(), e.getMessage()));
      } catch (RuntimeException e) {
        log.error(
            "embedded registry failed on {} {}",
            exchange.getRequestMethod(),
            exchange.getRequestURI(),
            e);
        reply =
            new Reply(
                500,
                error(SchemaRegistryException.INTERNAL_ERROR, "Internal error: " + e.getMessage()));
      }
      reply(exchange, reply.status(), reply.body());
    }
  }

  private boolean authorized(HttpExchange exchange) {
    if (expectedAuthorization == null) {
      return true;
    }
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8),
            expectedAuthorization.getBytes(StandardCharsets.UTF_8));
  }

  private record Reply(int status, JsonNode body) {}

  private Reply route(String method, URI uri, JsonNode body) {
    List<String> path = segments(uri);
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    int n = path.size();
    if (n == 0 && method.equals("GET")) {
      return ok(json.createObjectNode());
    }
    String head = n > 0 ? path.get(0) : "";
    switch (head) {
      case "subjects" -> {
        if (n == 1 && method.equals("GET")) return ok(subjects());
        if (n == 2 && method.equals("POST")) return ok(lookup(path.get(1), body));
        if (n == 3 && path.get(2).equals("versions") && method.equals("GET"))
          return ok(versionList(path.get(1)));
        if (n == 3 && path.get(2).equals("versions") && method.equals("POST"))
          return ok(register(path.get(1), body));
        if (n == 4 && path.get(2).equals("versions") && method.equals("GET"))
          return ok(version(path.get(1), path.get(3)));
        if (n == 5
            && path.get(2).equals("versions")
            && path.get(4).equals("schema")
            && method.equals("GET")) {
          return ok(parseJson(version(path.get(1), path.get(3)).get("schema").asText()));
        }
      }
      case "schemas" -> {
        if (n >= 3 && path.get(1).equals("ids") && method.equals("GET")) {
          String schema = schemaById(path.get(2));
          if (n == 3) return ok(json.createObjectNode().put("schema", schema));
          if (n == 4 && path.get(3).equals("schema")) return ok(parseJson(schema));
        }
      }
      case "compatibility" -> {
        if (n == 5
            && path.get(1).equals("subjects")
            && path.get(3).equals("versions")
            && method.equals("POST")) {
          return ok(compatibility(path.get(2), path.get(4), body));
        }
      }
      case "config" -> {
        String subject = n == 2 ? path.get(1) : null;
        if (n <= 2 && method.equals("GET"))
          return ok(getConfig(subject, query.contains("defaultToGlobal=true")));
        if (n <= 2 && method.equals("PUT")) return ok(putConfig(subject, body));
      }
      default -> {}
    }
    throw new SchemaRegistryException(
        404,
        SchemaRegistryException.NOT_FOUND,
        "HTTP 404 Not Found: " + method + " " + uri.getPath());
  }

  // ---- the protocol ----

  private JsonNode subjects() {
    ArrayNode names = json.createArrayNode();
    synchronized (state) {
      state.subjectNames().forEach(names::add);
    }
    return names;
  }

  private JsonNode versionList(String subject) {
    ArrayNode versions = json.createArrayNode();
    synchronized (state) {
      List<RegisteredSchema> list = state.versions(subject);
      if (list.isEmpty()) throw subjectNotFound(subject);
      list.forEach(v -> versions.add(v.version()));
    }
    return versions;
  }

  private JsonNode version(String subject, String versionText) {
    synchronized (state) {
      return describe(resolveVersion(subject, versionText));
    }
  }

  private RegisteredSchema resolveVersion(String subject, String versionText) {
    List<RegisteredSchema> list = state.versions(subject);
    if (list.isEmpty()) throw subjectNotFound(subject);
    if (versionText.equals("latest") || versionText.equals("-1")) {
      return list.get(list.size() - 1);
    }
    int number;
    try {
      number = Integer.parseInt(versionText);
    } catch (NumberFormatException e) {
      throw new SchemaRegistryException(
          422,
          SchemaRegistryException.INVALID_VERSION,
          "The specified version '"
              + versionText
              + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }
    if (number < 1 || number > list.size()) {
      throw new SchemaRegistryException(
          404,
          SchemaRegistryException.VERSION_NOT_FOUND,
          "Version " + number + " not found for subject '" + subject + "'");
    }
    return list.get(number - 1);
  }

  private String schemaById(String idText) {
    int id;
    try {
      id = Integer.parseInt(idText);
    } catch (NumberFormatException e) {
      throw new SchemaRegistryException(
          404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + idText + " not found");
    }
    Optional<String> schema;
    synchronized (state) {
      schema = state.schema(id);
    }
    if (schema.isEmpty()) {
      // Another instance may have registered it a moment ago: read the log to its end, then decide.
      schemaLog.catchUp();
      synchronized (state) {
        schema = state.schema(id);
      }
    }
    return schema.orElseThrow(
        () ->
            new SchemaRegistryException(
                404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found"));
  }

  private JsonNode lookup(String subject, JsonNode body) {
    String canonical = parseSchema(body).toString();
    synchronized (state) {
      if (state.versions(subject).isEmpty()) throw subjectNotFound(subject);
      return describe(
          state
              .find(subject, canonical)
              .orElseThrow(
                  () ->
                      new SchemaRegistryException(
                          404,
                          SchemaRegistryException.SCHEMA_NOT_FOUND,
                          "Schema not found under subject '" + subject + "'")));
    }
  }

  private JsonNode register(String subject, JsonNode body) {
    Schema schema = parseSchema(body);
    String canonical = schema.toString();
    // One writer per instance; the log orders writers of different instances.
    synchronized (writeLock) {
      schemaLog.catchUp();
      RegistryState.Registration registration;
      synchronized (state) {
        Optional<RegisteredSchema> existing = state.find(subject, canonical);
        if (existing.isPresent()) {
          return json.createObjectNode().put("id", existing.get().id());
        }
        List<Schema> earlier = parsedVersions(subject);
        String violation =
            AvroCompatibility.violation(state.effectiveLevel(subject), schema, earlier);
        if (violation != null) {
          throw new SchemaRegistryException(
              409,
              SchemaRegistryException.INCOMPATIBLE_SCHEMA,
              "Schema being registered is incompatible with an earlier schema for subject '"
                  + subject
                  + "': "
                  + violation);
        }
        registration =
            new RegistryState.Registration(
                subject, state.idFor(canonical), earlier.size() + 1, canonical);
      }
      schemaLog.appendRegistration(registration);
      log.info(
          "registered schema id {} as version {} of subject '{}'",
          registration.id(),
          registration.claimedVersion(),
          subject);
      return json.createObjectNode().put("id", registration.id());
    }
  }

  private JsonNode compatibility(String subject, String versionText, JsonNode body) {
    Schema schema = parseSchema(body);
    synchronized (state) {
      RegisteredSchema against = resolveVersion(subject, versionText);
      List<Schema> earlier = new ArrayList<>();
      for (RegisteredSchema v : state.versions(subject)) {
        if (v.version() <= against.version()) earlier.add(new Schema.Parser().parse(v.schema()));
      }
      String violation =
          AvroCompatibility.violation(state.effectiveLevel(subject), schema, earlier);
      ObjectNode result = json.createObjectNode().put("is_compatible", violation == null);
      if (violation != null) result.putArray("messages").add(violation);
      return result;
    }
  }

  private JsonNode getConfig(String subject, boolean defaultToGlobal) {
    synchronized (state) {
      CompatibilityLevel level;
      if (subject == null) {
        level = state.globalLevel();
      } else {
        Optional<CompatibilityLevel> own = state.subjectLevel(subject);
        if (own.isEmpty() && !defaultToGlobal) {
          throw new SchemaRegistryException(
              404,
              SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
              "Subject '" + subject + "' does not have subject-level compatibility configured");
        }
        level = own.orElse(state.globalLevel());
      }
      return json.createObjectNode().put("compatibilityLevel", level.name());
    }
  }

  private JsonNode putConfig(String subject, JsonNode body) {
    CompatibilityLevel level;
    try {
      level =
          CompatibilityLevel.parse(body == null ? null : body.path("compatibility").asText(null));
    } catch (IllegalArgumentException e) {
      throw new SchemaRegistryException(
          422,
          SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
          "Invalid compatibility level: " + e.getMessage());
    }
    synchronized (writeLock) {
      schemaLog.appendConfig(subject, level);
    }
    return json.createObjectNode().put("compatibility", level.name());
  }

  // ---- helpers ----

  private List<Schema> parsedVersions(String subject) {
    List<Schema> schemas = new ArrayList<>();
    for (RegisteredSchema v : state.versions(subject)) {
      schemas.add(new Schema.Parser().parse(v.schema()));
    }
    return schemas;
  }

  private Schema parseSchema(JsonNode body) {
    if (body == null || !body.path("schema").isTextual()) {
      throw new SchemaRegistryException(
          422,
          SchemaRegistryException.INVALID_SCHEMA,
          "Invalid schema: the request body must be a JSON object with a string field 'schema'");
    }
    String type = body.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw new SchemaRegistryException(
          422,
          SchemaRegistryException.INVALID_SCHEMA,
          "Invalid schema: schemaType " + type + " is not supported by this registry (AVRO only)");
    }
    try {
      return new Schema.Parser().parse(body.get("schema").asText());
    } catch (org.apache.avro.AvroRuntimeException | NullPointerException e) {
      // Parse errors, and since Avro 1.12 type errors ("Undefined schema") found while resolving.
      throw new SchemaRegistryException(
          422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
    }
  }

  private ObjectNode describe(RegisteredSchema v) {
    return json.createObjectNode()
        .put("subject", v.subject())
        .put("version", v.version())
        .put("id", v.id())
        .put("schema", v.schema());
  }

  private static SchemaRegistryException subjectNotFound(String subject) {
    return new SchemaRegistryException(
        404, SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
  }

  private JsonNode parseJson(String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("stored schema is not JSON", e);
    }
  }

  private JsonNode readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length == 0) {
        return null;
      }
      try {
        return json.readTree(bytes);
      } catch (IOException e) {
        throw new SchemaRegistryException(
            400,
            SchemaRegistryException.BAD_REQUEST,
            "Request body is not valid JSON: " + e.getMessage());
      }
    }
  }

  private ObjectNode error(int code, String message) {
    return json.createObjectNode().put("error_code", code).put("message", message);
  }

  private static Reply ok(JsonNode body) {
    return new Reply(200, body);
  }

  private void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static List<String> segments(URI uri) {
    List<String> parts = new ArrayList<>();
    String raw = uri.getRawPath() == null ? "" : uri.getRawPath();
    for (String part : raw.split("/")) {
      if (!part.isEmpty()) parts.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
    }
    return parts;
  }
}
