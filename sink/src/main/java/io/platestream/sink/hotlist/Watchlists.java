package io.platestream.sink.hotlist;

import io.platestream.schemas.HotlistMatchType;
import io.platestream.schemas.Watchlist;
import io.platestream.schemas.WatchlistEntry;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The rules a watchlist must follow before it is published; each mistake named. */
public final class Watchlists {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  private Watchlists() {}

  /**
   * @throws IllegalArgumentException naming the list, the entry and what is wrong
   */
  public static Watchlist validated(Watchlist list) {
    if (!NAME.matcher(list.getName()).matches()) {
      throw new IllegalArgumentException(
          "watchlist name '"
              + list.getName()
              + "' must be 1-64 lower-case letters, digits, '-' or '_', starting with a letter or"
              + " digit");
    }
    Set<String> ids = new HashSet<>();
    for (WatchlistEntry entry : list.getEntries()) {
      String where = "watchlist " + list.getName() + ", entry '" + entry.getId() + "'";
      if (entry.getId().isBlank()) {
        throw new IllegalArgumentException("watchlist " + list.getName() + ": an entry has no id");
      }
      if (!ids.add(entry.getId())) {
        throw new IllegalArgumentException(where + ": the id is used twice");
      }
      if (entry.getValue().isBlank()) {
        throw new IllegalArgumentException(where + ": no plate or pattern");
      }
      if (entry.getMatchType() == HotlistMatchType.PATTERN) {
        try {
          Pattern.compile(entry.getValue());
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException(
              where
                  + ": '"
                  + entry.getValue()
                  + "' is not a regular expression: "
                  + e.getDescription());
        }
      }
    }
    return list;
  }
}
