package io.platestream.sink.hotlist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.platestream.schemas.AlertSeverity;
import io.platestream.schemas.HotlistMatchType;
import io.platestream.schemas.Watchlist;
import io.platestream.schemas.WatchlistEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Watchlists written by hand:
 *
 * <pre>
 * watchlists:
 *   - name: stolen
 *     entries:
 *       - id: e1
 *         plate: 京A12345          # or  pattern: "京A9.*"  or  fuzzy: 沪B67890
 *         label: stolen vehicle
 *         severity: critical       # info, warning (default) or critical
 * </pre>
 *
 * Every mistake is reported with the file, the list and the entry; unknown keys are refused.
 */
public final class WatchlistsFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> ENTRY_KEYS =
      Set.of("id", "plate", "pattern", "fuzzy", "label", "severity");

  private WatchlistsFile() {}

  public static List<Watchlist> read(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (root == null || !root.path("watchlists").isArray()) {
      throw new IllegalArgumentException(file + ": expected a 'watchlists:' list at the top");
    }
    unknownKeys(file + "", root, Set.of("watchlists"));
    List<Watchlist> lists = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (JsonNode node : root.get("watchlists")) {
      String name = node.path("name").asText("");
      String where = file + ": watchlist '" + name + "'";
      unknownKeys(where, node, Set.of("name", "entries"));
      if (!node.path("entries").isArray()) {
        throw new IllegalArgumentException(where + ": expected an 'entries:' list");
      }
      List<WatchlistEntry> entries = new ArrayList<>();
      for (JsonNode entry : node.get("entries")) {
        entries.add(entry(where, entry));
      }
      Watchlist list = new Watchlist(name, entries, now);
      try {
        lists.add(Watchlists.validated(list));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
    }
    return lists;
  }

  private static WatchlistEntry entry(String where, JsonNode node) {
    String id = node.path("id").asText("");
    String at = where + ", entry '" + id + "'";
    unknownKeys(at, node, ENTRY_KEYS);
    List<HotlistMatchType> given = new ArrayList<>();
    String value = null;
    for (HotlistMatchType type : HotlistMatchType.values()) {
      String key = key(type);
      if (node.has(key)) {
        given.add(type);
        value = node.get(key).asText();
      }
    }
    if (given.size() != 1) {
      throw new IllegalArgumentException(
          at + ": give exactly one of plate, pattern or fuzzy (found " + given.size() + ")");
    }
    String severity = node.path("severity").asText("warning");
    AlertSeverity parsed;
    try {
      parsed = AlertSeverity.valueOf(severity.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          at + ": severity must be info, warning or critical, got '" + severity + "'");
    }
    return new WatchlistEntry(id, given.get(0), value, node.path("label").asText(""), parsed);
  }

  private static String key(HotlistMatchType type) {
    return switch (type) {
      case EXACT -> "plate";
      case PATTERN -> "pattern";
      case FUZZY -> "fuzzy";
    };
  }

  private static void unknownKeys(String where, JsonNode node, Set<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            where + ": unknown key '" + name + "' (known: " + String.join(", ", known) + ")");
      }
    }
  }
}
