package io.platestream.sink.hotlist;

import io.platestream.schemas.AlertSeverity;
import io.platestream.schemas.HotlistMatchType;
import io.platestream.schemas.Watchlist;
import io.platestream.schemas.WatchlistEntry;
import java.util.List;
import java.util.Locale;

/** A watchlist as the API reads and writes it: the Avro field names, enums as text. */
public record WatchlistView(String name, List<Entry> entries, long updatedTimeMs) {

  public record Entry(String id, String matchType, String value, String label, String severity) {}

  public static WatchlistView of(Watchlist list) {
    return new WatchlistView(
        list.getName(),
        list.getEntries().stream()
            .map(
                e ->
                    new Entry(
                        e.getId(),
                        e.getMatchType().name(),
                        e.getValue(),
                        e.getLabel(),
                        e.getSeverity().name()))
            .toList(),
        list.getUpdatedTimeMs());
  }

  /**
   * @throws IllegalArgumentException naming the entry whose match type or severity is unknown
   */
  public Watchlist toWatchlist() {
    if (name == null || entries == null) {
      throw new IllegalArgumentException("a watchlist needs a name and entries");
    }
    return new Watchlist(
        name,
        entries.stream()
            .map(
                e ->
                    new WatchlistEntry(
                        e.id() == null ? "" : e.id(),
                        parse(HotlistMatchType.class, e.matchType(), "matchType", e.id()),
                        e.value() == null ? "" : e.value(),
                        e.label() == null ? "" : e.label(),
                        e.severity() == null
                            ? AlertSeverity.WARNING
                            : parse(AlertSeverity.class, e.severity(), "severity", e.id())))
            .toList(),
        0L);
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String text, String field, String id) {
    try {
      return Enum.valueOf(type, String.valueOf(text).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "entry '"
              + id
              + "': "
              + field
              + " '"
              + text
              + "' is not one of "
              + java.util.Arrays.toString(type.getEnumConstants()));
    }
  }
}
