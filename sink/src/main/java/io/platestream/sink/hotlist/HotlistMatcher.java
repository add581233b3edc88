package io.platestream.sink.hotlist;

import io.platestream.schemas.HotlistAlert;
import io.platestream.schemas.HotlistMatchType;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.Watchlist;
import io.platestream.schemas.WatchlistEntry;
import io.platestream.sink.events.PlateMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Matches an event's plate against watchlists: exactly, by a regular expression over the whole
 * plate, or within one edit (one misread character). Compiled patterns are kept per list version.
 */
public final class HotlistMatcher {
  private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

  private record Compiled(long updatedTimeMs, List<Pattern> patterns) {}

  /** One alert per matching entry, with the deterministic id {@code eventId/list/entryId}. */
  public List<HotlistAlert> alerts(PlateEvent event, Iterable<Watchlist> lists, long nowMs) {
    List<HotlistAlert> alerts = new ArrayList<>();
    String plate = event.getPlate();
    for (Watchlist list : lists) {
      List<Pattern> patterns = patterns(list);
      for (int i = 0; i < list.getEntries().size(); i++) {
        WatchlistEntry entry = list.getEntries().get(i);
        int distance = distance(entry, patterns.get(i), plate);
        if (distance >= 0) {
          alerts.add(
              HotlistAlert.newBuilder()
                  .setAlertId(event.getEventId() + "/" + list.getName() + "/" + entry.getId())
                  .setPlate(plate)
                  .setWatchlist(list.getName())
                  .setEntryId(entry.getId())
                  .setEntryPattern(entry.getValue())
                  .setMatchType(entry.getMatchType())
                  .setEditDistance(distance)
                  .setLabel(entry.getLabel())
                  .setSeverity(entry.getSeverity())
                  .setEvent(event)
                  .setAlertTimeMs(nowMs)
                  .build());
        }
      }
    }
    return alerts;
  }

  /** The edit distance of a match (0 unless fuzzy), or -1 for no match. */
  private static int distance(WatchlistEntry entry, Pattern pattern, String plate) {
    return switch (entry.getMatchType()) {
      case EXACT -> plate.equals(entry.getValue()) ? 0 : -1;
      case PATTERN -> pattern.matcher(plate).matches() ? 0 : -1;
      case FUZZY ->
          plate.equals(entry.getValue())
              ? 0
              : PlateMatch.withinOneEdit(entry.getValue(), plate) ? 1 : -1;
    };
  }

  private List<Pattern> patterns(Watchlist list) {
    Compiled current = compiled.get(list.getName());
    if (current == null
        || current.updatedTimeMs() != list.getUpdatedTimeMs()
        || current.patterns().size() != list.getEntries().size()) {
      current =
          new Compiled(
              list.getUpdatedTimeMs(),
              list.getEntries().stream()
                  .map(
                      e ->
                          e.getMatchType() == HotlistMatchType.PATTERN
                              ? Pattern.compile(e.getValue())
                              : null)
                  .toList());
      compiled.put(list.getName(), current);
    }
    return current.patterns();
  }
}
