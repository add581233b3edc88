package io.platestream.sink.web;

import io.javalin.http.BadRequestResponse;
import io.platestream.sink.events.EventQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The query of one request, checked against its route's declared parameters: an unknown or repeated
 * parameter, a number out of its bounds or a time that is not one is refused with a 400 that names
 * it, before the route runs. A typo ({@code limit=2} for {@code size=2}) is an error, not silently
 * ignored.
 */
public final class RequestQuery {
  private final Map<String, QueryParameter> declared;
  private final Map<String, String> values;

  private RequestQuery(Map<String, QueryParameter> declared, Map<String, String> values) {
    this.declared = declared;
    this.values = values;
  }

  /**
   * @throws BadRequestResponse naming the parameter that is wrong
   */
  public static RequestQuery check(
      Map<String, List<String>> given, List<QueryParameter> parameters) {
    Map<String, QueryParameter> declared = new LinkedHashMap<>();
    parameters.forEach(p -> declared.put(p.name(), p));
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> entry : given.entrySet()) {
      String name = entry.getKey();
      QueryParameter parameter = declared.get(name);
      if (parameter == null) {
        throw new BadRequestResponse(
            "unknown query parameter '"
                + name
                + "'; "
                + (declared.isEmpty()
                    ? "this route takes none"
                    : "known: " + String.join(", ", declared.keySet())));
      }
      if (entry.getValue().size() > 1) {
        throw new BadRequestResponse("the query parameter '" + name + "' is given more than once");
      }
      String value = entry.getValue().isEmpty() ? "" : entry.getValue().get(0).strip();
      if (!value.isEmpty()) {
        validate(parameter, value);
        values.put(name, value);
      }
    }
    for (QueryParameter parameter : parameters) {
      if (parameter.required() && !values.containsKey(parameter.name())) {
        throw new BadRequestResponse("the query parameter '" + parameter.name() + "' is required");
      }
    }
    return new RequestQuery(declared, values);
  }

  private static void validate(QueryParameter parameter, String value) {
    switch (parameter.kind()) {
      case INTEGER -> {
        long number = parseInteger(parameter.name(), value);
        if (number < parameter.min() || number > parameter.max()) {
          throw new BadRequestResponse(
              parameter.name()
                  + " must be within "
                  + parameter.min()
                  + ".."
                  + parameter.max()
                  + ", got "
                  + value);
        }
      }
      case TIME -> parseTime(parameter.name(), value);
      case CHOICE -> {
        if (!parameter.choices().contains(value)) {
          throw new BadRequestResponse(
              parameter.name()
                  + " must be one of "
                  + String.join(", ", parameter.choices())
                  + ", got '"
                  + value
                  + "'");
        }
      }
      case TEXT -> {}
    }
  }

  private static long parseInteger(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new BadRequestResponse(name + " must be a whole number, got '" + value + "'");
    }
  }

  static long parseTime(String name, String value) {
    try {
      return EventQuery.parseTime(name, value);
    } catch (IllegalArgumentException e) {
      throw new BadRequestResponse(e.getMessage());
    }
  }

  private String declaredValue(String name) {
    if (!declared.containsKey(name)) {
      throw new IllegalArgumentException("the route does not declare the parameter " + name);
    }
    return values.get(name);
  }

  public Optional<String> text(String name) {
    return Optional.ofNullable(declaredValue(name));
  }

  public String required(String name) {
    return text(name).orElseThrow(() -> new BadRequestResponse(name + " is required"));
  }

  public long integer(String name, long otherwise) {
    String value = declaredValue(name);
    return value == null ? otherwise : Long.parseLong(value);
  }

  public Optional<Long> time(String name) {
    return text(name).map(value -> parseTime(name, value));
  }

  /** The values given, for links to other pages of the same query. */
  public Map<String, String> given() {
    return values.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
  }
}
