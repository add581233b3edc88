package io.platestream.sink.web;

import io.platestream.sink.events.EventView;
import java.util.List;
import java.util.Locale;

/** Events as CSV (RFC 4180): one row each, times in ISO-8601, the header first. */
final class EventsCsv {
  private EventsCsv() {}

  static String write(List<EventView> events) {
    StringBuilder csv =
        new StringBuilder(
            "event_id,camera_id,plate,valid,confidence,first_seen,last_seen,read_count,provisional\r\n");
    for (EventView e : events) {
      csv.append(field(e.eventId()))
          .append(',')
          .append(field(e.cameraId()))
          .append(',')
          .append(field(e.plate() == null ? "" : e.plate()))
          .append(',')
          .append(e.valid())
          .append(',')
          .append(String.format(Locale.ROOT, "%.4f", e.confidence()))
          .append(',')
          .append(e.firstSeen())
          .append(',')
          .append(e.lastSeen())
          .append(',')
          .append(e.readCount())
          .append(',')
          .append(e.provisional())
          .append("\r\n");
    }
    return csv.toString();
  }

  /** Quoted when it holds a comma, quote or line break; a leading formula sign is defused. */
  static String field(String text) {
    String value = text;
    if (!value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0) {
      value = "'" + value; // spreadsheets would run it as a formula
    }
    if (value.contains(",")
        || value.contains("\"")
        || value.contains("\n")
        || value.contains("\r")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }
}
