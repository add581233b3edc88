package io.platestream.sink.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * A search over plate events: by plate (exact, prefix or within one edit), camera and capture time
 * range (first seen, inclusive from, exclusive to), newest first, one page at a time.
 */
public record EventQuery(
    String plate, PlateMatch match, String cameraId, Long fromMs, Long toMs, int page, int size) {
  public static final int MAX_PAGE_SIZE = 200;

  public EventQuery {
    if (plate != null && plate.isBlank()) {
      plate = null;
    }
    // Plates are stored upper case: searching in either case finds them.
    if (plate != null) {
      plate = plate.strip().toUpperCase(Locale.ROOT);
    }
    if (cameraId != null && cameraId.isBlank()) {
      cameraId = null;
    }
    if (page < 0) {
      throw new IllegalArgumentException("page must be 0 or more, got " + page);
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "size must be within 1.." + MAX_PAGE_SIZE + ", got " + size);
    }
    if (fromMs != null && toMs != null && fromMs > toMs) {
      throw new IllegalArgumentException(
          "from ("
              + Instant.ofEpochMilli(fromMs)
              + ") is after to ("
              + Instant.ofEpochMilli(toMs)
              + ")");
    }
  }

  /** Everything, newest first. */
  public static EventQuery latest(int size) {
    return new EventQuery(null, PlateMatch.EXACT, null, null, null, 0, size);
  }

  /**
   * From URL query parameters: {@code plate, match, camera, from, to} (times as ISO-8601 instants
   * or milliseconds since the epoch), {@code page, size}.
   *
   * @throws IllegalArgumentException naming the parameter that is wrong
   */
  public static EventQuery parse(Map<String, String> parameters) {
    return new EventQuery(
        parameters.get("plate"),
        PlateMatch.parse(parameters.getOrDefault("match", "exact")),
        parameters.get("camera"),
        time(parameters, "from"),
        time(parameters, "to"),
        number(parameters, "page") == null ? 0 : number(parameters, "page").intValue(),
        number(parameters, "size") == null ? 50 : number(parameters, "size").intValue());
  }

  private static Long time(Map<String, String> parameters, String name) {
    String value = parameters.get(name);
    return value == null || value.isBlank() ? null : parseTime(name, value.strip());
  }

  /**
   * Milliseconds since the epoch from an ISO-8601 instant ({@code 2026-12-07T09:30:00Z}) or a whole
   * number of milliseconds.
   *
   * @throws IllegalArgumentException naming the parameter when it is neither
   */
  public static long parseTime(String name, String value) {
    if (!value.isEmpty() && value.length() <= 15 && value.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(value);
    }
    try {
      return Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          name
              + " must be an ISO-8601 instant (2026-12-07T09:30:00Z) or milliseconds since the"
              + " epoch, got '"
              + value
              + "'");
    }
  }

  private static Long number(Map<String, String> parameters, String name) {
    String value = parameters.get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }

  /** Whether an event passes the filters (the in-memory store's matching). */
  public boolean accepts(EventView event) {
    return (plate == null || (event.plate() != null && match.matches(plate, event.plate())))
        && (cameraId == null || cameraId.equals(event.cameraId()))
        && (fromMs == null || event.firstSeenMs() >= fromMs)
        && (toMs == null || event.firstSeenMs() < toMs);
  }
}
