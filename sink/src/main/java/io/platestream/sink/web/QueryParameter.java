package io.platestream.sink.web;

import java.util.List;

/**
 * A query parameter an API route accepts: its name, what kind of value it takes and the bounds of
 * that value. The route table declares these once; requests are checked against them and the
 * OpenAPI description is written from them.
 */
public record QueryParameter(
    String name,
    Kind kind,
    String description,
    boolean required,
    long min,
    long max,
    List<String> choices) {

  public enum Kind {
    TEXT,
    INTEGER,
    /** An instant: ISO-8601 ({@code 2026-12-07T09:30:00Z}) or milliseconds since the epoch. */
    TIME,
    CHOICE
  }

  public QueryParameter {
    choices = List.copyOf(choices);
  }

  public static QueryParameter text(String name, String description) {
    return new QueryParameter(name, Kind.TEXT, description, false, 0, 0, List.of());
  }

  public static QueryParameter integer(String name, String description, long min, long max) {
    return new QueryParameter(name, Kind.INTEGER, description, false, min, max, List.of());
  }

  public static QueryParameter time(String name, String description) {
    return new QueryParameter(name, Kind.TIME, description, false, 0, 0, List.of());
  }

  public static QueryParameter choice(String name, String description, String... choices) {
    return new QueryParameter(name, Kind.CHOICE, description, false, 0, 0, List.of(choices));
  }

  /** The same parameter, which a request must give. */
  public QueryParameter asRequired() {
    return new QueryParameter(name, kind, description, true, min, max, choices);
  }
}
