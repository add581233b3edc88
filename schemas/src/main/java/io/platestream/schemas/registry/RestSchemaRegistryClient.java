package io.platestream.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platestream.schemas.Redaction;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks the Confluent Schema Registry REST protocol over the JDK's HTTP client, so PlateStream
 * works against Confluent Schema Registry, Apicurio (ccompat), Karapace, Redpanda or the embedded
 * registry.
 *
 * <p>Ids and registrations are cached: a schema id is fetched at most once per client. Connection
 * errors and 5xx answers are retried with exponential backoff and jitter, moving on to the next URL
 * when several are configured; 4xx answers are final and become specific exceptions.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json";

  private final RegistryClientConfig config;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  // Keyed by the Schema itself, not its JSON: serializers ask on every record, and Avro caches a
  // schema's hash while toString() rebuilds the JSON each time (it showed in the detector's
  // profile, 33 records per frame). Avro's equality ignores docs, which do not change the bytes
  // written, so two schemas differing only in docs share the id registered first.
  private final Map<SubjectSchema, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, RegisteredSchema> lookups = new ConcurrentHashMap<>();
  private final AtomicInteger preferredUrl = new AtomicInteger();

  public RestSchemaRegistryClient(RegistryClientConfig config) {
    this.config = config;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(config.requestTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL);
    if (config.sslContext() != null) {
      builder.sslContext(config.sslContext());
    }
    this.http = builder.build();
  }

  public RestSchemaRegistryClient(String urls) {
    this(RegistryClientConfig.of(urls));
  }

  @Override
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idsBySubjectAndSchema.get(key);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("POST", "subjects/" + encode(subject) + "/versions", schemaBody(schema));
    int id = requiredInt(answer, "id");
    idsBySubjectAndSchema.put(key, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    RegisteredSchema cached = lookups.get(key);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("POST", "subjects/" + encode(subject), schemaBody(schema));
    RegisteredSchema found =
        new RegisteredSchema(
            requiredText(answer, "subject"),
            requiredInt(answer, "id"),
            requiredInt(answer, "version"),
            requiredText(answer, "schema"));
    schemasById.putIfAbsent(found.id(), schema);
    lookups.put(key, found);
    return found;
  }

  /** A schema as registered under one subject: the caches' key. */
  private record SubjectSchema(String subject, Schema schema) {}

  @Override
  public Schema getById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("GET", "schemas/ids/" + id, null);
    Schema schema = parse(requiredText(answer, "schema"), "schema id " + id);
    Schema raced = schemasById.putIfAbsent(id, schema);
    return raced == null ? schema : raced;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return versionAt(subject, "latest");
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return versionAt(subject, Integer.toString(version));
  }

  private RegisteredSchema versionAt(String subject, String version) {
    JsonNode answer = send("GET", "subjects/" + encode(subject) + "/versions/" + version, null);
    return new RegisteredSchema(
        requiredText(answer, "subject"),
        requiredInt(answer, "id"),
        requiredInt(answer, "version"),
        requiredText(answer, "schema"));
  }

  @Override
  public List<Integer> versions(String subject) {
    JsonNode answer = send("GET", "subjects/" + encode(subject) + "/versions", null);
    List<Integer> versions = new ArrayList<>();
    answer.forEach(v -> versions.add(v.asInt()));
    return versions;
  }

  @Override
  public List<String> subjects() {
    JsonNode answer = send("GET", "subjects", null);
    List<String> subjects = new ArrayList<>();
    answer.forEach(s -> subjects.add(s.asText()));
    return subjects;
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    try {
      JsonNode answer =
          send(
              "POST",
              "compatibility/subjects/" + encode(subject) + "/versions/latest",
              schemaBody(schema));
      JsonNode flag = answer.get("is_compatible");
      if (flag == null || !flag.isBoolean()) {
        throw new SchemaRegistryException(
            "schema registry answered a compatibility check without 'is_compatible': " + answer,
            null);
      }
      return flag.asBoolean();
    } catch (SchemaRegistryException e) {
      // A subject with no versions yet accepts any schema.
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
        return true;
      }
      throw e;
    }
  }

  @Override
  public CompatibilityLevel globalCompatibility() {
    JsonNode answer = send("GET", "config", null);
    return CompatibilityLevel.parse(requiredText(answer, "compatibilityLevel"));
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    ObjectNode body = json.createObjectNode().put("compatibility", level.name());
    send("PUT", subject == null ? "config" : "config/" + encode(subject), body.toString());
  }

  @Override
  public void close() {
    // The JDK HTTP client of Java 17 has no close(); its threads end with the client's last use.
  }

  private String schemaBody(Schema schema) {
    return json.createObjectNode()
        .put("schemaType", "AVRO")
        .put("schema", schema.toString())
        .toString();
  }

  /** Sends one request, retrying connection failures and 5xx answers; returns the parsed body. */
  private JsonNode send(String method, String path, String body) {
    int attempt = 0;
    Duration backoff = config.initialBackoff();
    while (true) {
      URI base = config.urls().get(Math.floorMod(preferredUrl.get(), config.urls().size()));
      URI uri = base.resolve(path);
      String failure;
      try {
        HttpResponse<String> response =
            http.send(request(method, uri, body), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status < 300) {
          return json.readTree(response.body().isEmpty() ? "{}" : response.body());
        }
        SchemaRegistryException error = errorFrom(method, uri, status, response.body());
        if (status < 500) {
          throw error;
        }
        failure = error.getMessage();
      } catch (IOException e) {
        failure = method + " " + Redaction.url(uri.toString()) + " failed: " + e;
        // Connection-level failure: try the next registry URL, if there is one.
        preferredUrl.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(
            "interrupted while calling the schema registry at " + Redaction.url(uri.toString()), e);
      }
      if (attempt >= config.maxRetries()) {
        throw new RegistryUnavailableException(
            "schema registry unavailable after " + (attempt + 1) + " attempts: " + failure);
      }
      attempt++;
      long jittered =
          (long) (backoff.toMillis() * (0.5 + ThreadLocalRandom.current().nextDouble()));
      log.warn(
          "schema registry call failed (attempt {}), retrying in {} ms: {}",
          attempt,
          jittered,
          failure);
      sleep(jittered);
      backoff =
          backoff.multipliedBy(2).compareTo(config.maxBackoff()) > 0
              ? config.maxBackoff()
              : backoff.multipliedBy(2);
    }
  }

  private HttpRequest request(String method, URI uri, String body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri).timeout(config.requestTimeout()).header("Accept", ACCEPT);
    if (config.basicAuthUserInfo() != null) {
      String token =
          Base64.getEncoder()
              .encodeToString(config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
      builder.header("Authorization", "Basic " + token);
    }
    if (body == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", CONTENT_TYPE);
      builder.method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return builder.build();
  }

  private SchemaRegistryException errorFrom(String method, URI uri, int status, String body) {
    int code = status;
    String message = body;
    try {
      JsonNode node = json.readTree(body);
      if (node != null && node.has("error_code")) {
        code = node.get("error_code").asInt();
        message = node.path("message").asText(body);
      }
    } catch (IOException notJson) {
      // Proxies and non-registry servers answer with HTML or plain text: keep the raw body.
    }
    String text =
        "schema registry refused "
            + method
            + " "
            + uri
            + " (HTTP "
            + status
            + ", error "
            + code
            + "): "
            + message;
    if (code == SchemaRegistryException.INCOMPATIBLE_SCHEMA) {
      return new IncompatibleSchemaException(text);
    }
    return new SchemaRegistryException(status, code, text);
  }

  private static Schema parse(String text, String what) {
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          "schema registry returned an unparsable Avro schema for " + what + ": " + e.getMessage(),
          e);
    }
  }

  private static int requiredInt(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new SchemaRegistryException(
          "schema registry answer lacks integer field '" + field + "': " + node, null);
    }
    return value.asInt();
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new SchemaRegistryException(
          "schema registry answer lacks text field '" + field + "': " + node, null);
    }
    return value.asText();
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(
          "interrupted while waiting to retry the schema registry", e);
    }
  }
}
