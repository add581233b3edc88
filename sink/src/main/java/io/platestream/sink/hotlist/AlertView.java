package io.platestream.sink.hotlist;

import io.platestream.schemas.HotlistAlert;
import io.platestream.sink.events.EventView;

/** An alert as the API, the live stream and webhooks show it: the Avro field names. */
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
