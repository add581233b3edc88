package io.platestream.sink.hotlist;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.platestream.schemas.HotlistAlert;
import io.platestream.sink.events.EventView;

/**
 * An alert as the API, the live stream and webhooks show it: the Avro field names, and the alert
 * time again as ISO-8601. The event is left out of alert lists unless asked for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertView(
    String alertId,
    String plate,
    String watchlist,
    String entryId,
    String entryPattern,
    String matchType,
    int editDistance,
    String label,
    String severity,
    EventView event,
    long alertTimeMs) {

  @JsonProperty("alertTime")
  public String alertTime() {
    return java.time.Instant.ofEpochMilli(alertTimeMs).toString();
  }

  /** The same alert without its event (alert lists show the event only when asked). */
  public AlertView withoutEvent() {
    return new AlertView(
        alertId,
        plate,
        watchlist,
        entryId,
        entryPattern,
        matchType,
        editDistance,
        label,
        severity,
        null,
        alertTimeMs);
  }

  public static AlertView of(HotlistAlert alert) {
    return new AlertView(
        alert.getAlertId(),
        alert.getPlate(),
        alert.getWatchlist(),
        alert.getEntryId(),
        alert.getEntryPattern(),
        alert.getMatchType().name(),
        alert.getEditDistance(),
        alert.getLabel(),
        alert.getSeverity().name(),
        EventView.of(alert.getEvent()),
        alert.getAlertTimeMs());
  }
}
