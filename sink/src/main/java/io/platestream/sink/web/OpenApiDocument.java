package io.platestream.sink.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenAPI 3.1 description of the API, written from the same route table the server serves, so a
 * route cannot be served without being described or described without being served.
 */
final class OpenApiDocument {
  private OpenApiDocument() {}

  static Map<String, Object> of(List<ApiRoute> routes, String version) {
    Map<String, Object> paths = new LinkedHashMap<>();
    for (ApiRoute route : routes) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item =
          (Map<String, Object>) paths.computeIfAbsent(route.path(), p -> new LinkedHashMap<>());
      item.put(route.method().name().toLowerCase(Locale.ROOT), operation(route));
    }
    return Map.of(
        "openapi", "3.1.0",
        "info",
            Map.of(
                "title",
                "PlateStream sink API",
                "version",
                version,
                "description",
                "Plate events, alerts, watchlists and camera health. Every route needs a"
                    + " session cookie or a bearer token; errors are JSON objects with an"
                    + " 'error' text."),
        "paths", paths,
        "components",
            Map.of(
                "securitySchemes",
                Map.of(
                    "bearer", Map.of("type", "http", "scheme", "bearer"),
                    "session",
                        Map.of("type", "apiKey", "in", "cookie", "name", Access.SESSION_COOKIE))),
        "security", List.of(Map.of("bearer", List.of()), Map.of("session", List.of())));
  }

  private static Map<String, Object> operation(ApiRoute route) {
    Map<String, Object> operation = new LinkedHashMap<>();
    operation.put("summary", route.summary());
    operation.put(
        "parameters", route.parameters().stream().map(OpenApiDocument::parameter).toList());
    Map<String, Object> responses = new LinkedHashMap<>();
    responses.put(
        "200",
        Map.of("description", "success", "content", Map.of(route.answer().mediaType, Map.of())));
    responses.put("400", error("a parameter or the body is wrong"));
    responses.put("401", error("not signed in"));
    if (route.method().name().equals("PUT") || route.method().name().equals("POST")) {
      responses.put("413", error("the body is too large"));
      responses.put("415", error("the body is not JSON"));
    }
    responses.put("404", error("nothing there"));
    responses.put("405", error("the path does not take this method"));
    operation.put("responses", responses);
    return operation;
  }

  private static Map<String, Object> parameter(QueryParameter parameter) {
    Map<String, Object> schema = new LinkedHashMap<>();
    switch (parameter.kind()) {
      case INTEGER -> {
        schema.put("type", "integer");
        schema.put("minimum", parameter.min());
        schema.put("maximum", parameter.max());
      }
      case TIME -> {
        schema.put("type", "string");
        schema.put("description", "ISO-8601 instant or milliseconds since the epoch");
      }
      case CHOICE -> {
        schema.put("type", "string");
        schema.put("enum", parameter.choices());
      }
      case TEXT -> schema.put("type", "string");
    }
    return Map.of(
        "name", parameter.name(),
        "in", "query",
        "required", parameter.required(),
        "description", parameter.description(),
        "schema", schema);
  }

  private static Map<String, Object> error(String description) {
    return Map.of(
        "description",
        description,
        "content",
        Map.of(
            "application/json",
            Map.of(
                "schema",
                Map.of(
                    "type", "object", "properties", Map.of("error", Map.of("type", "string"))))));
  }
}
