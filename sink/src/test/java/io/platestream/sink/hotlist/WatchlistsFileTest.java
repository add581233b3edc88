package io.platestream.sink.hotlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.schemas.AlertSeverity;
import io.platestream.schemas.HotlistMatchType;
import io.platestream.schemas.Watchlist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchlistsFileTest {
  @TempDir Path dir;

  @Test
  void readsPlatesPatternsAndFuzzyEntries() throws Exception {
    List<Watchlist> lists =
        WatchlistsFile.read(
            write(
                """
                watchlists:
                  - name: stolen
                    entries:
                      - id: e1
                        plate: 京A12345
                        label: stolen vehicle
                        severity: critical
                      - id: e2
                        pattern: "京A9.*"
                      - id: e3
                        fuzzy: 沪B67890
                        severity: info
                """));

    assertThat(lists).hasSize(1);
    assertThat(lists.get(0).getEntries())
        .extracting(e -> e.getMatchType() + " " + e.getValue() + " " + e.getSeverity())
        .containsExactly(
            HotlistMatchType.EXACT + " 京A12345 " + AlertSeverity.CRITICAL,
            HotlistMatchType.PATTERN + " 京A9.* " + AlertSeverity.WARNING,
            HotlistMatchType.FUZZY + " 沪B67890 " + AlertSeverity.INFO);
  }

  @Test
  void eachMistakeIsNamedWithItsListAndEntry() throws Exception {
    assertThatThrownBy(() -> WatchlistsFile.read(write("lists: []")))
        .hasMessageEndingWith("expected a 'watchlists:' list at the top");
    assertThatThrownBy(
            () ->
                WatchlistsFile.read(
                    write(
                        "watchlists:\n  - name: s\n    entries:\n      - id: e1\n"
                            + "        plate: A\n        pattern: B\n")))
        .hasMessageEndingWith(
            "watchlist 's', entry 'e1': give exactly one of plate, pattern or fuzzy (found 2)");
    assertThatThrownBy(
            () ->
                WatchlistsFile.read(
                    write(
                        "watchlists:\n  - name: s\n    entries:\n      - id: e1\n"
                            + "        pattern: \"京(A\"\n")))
        .hasMessageContaining("watchlist s, entry 'e1': '京(A' is not a regular expression");
    assertThatThrownBy(
            () ->
                WatchlistsFile.read(
                    write(
                        "watchlists:\n  - name: s\n    entries:\n      - id: e1\n"
                            + "        plate: A\n        colour: red\n")))
        .hasMessageContaining("entry 'e1': unknown key 'colour'");
    assertThatThrownBy(
            () ->
                WatchlistsFile.read(
                    write(
                        "watchlists:\n  - name: s\n    entries:\n      - id: e1\n        plate: A\n"
                            + "      - id: e1\n        plate: B\n")))
        .hasMessageContaining("watchlist s, entry 'e1': the id is used twice");
    assertThatThrownBy(
            () ->
                WatchlistsFile.read(
                    write(
                        "watchlists:\n  - name: s\n    entries:\n      - id: e1\n        plate: A\n"
                            + "        severity: urgent\n")))
        .hasMessageContaining("severity must be info, warning or critical, got 'urgent'");
  }

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("watchlists-" + System.nanoTime() + ".yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
