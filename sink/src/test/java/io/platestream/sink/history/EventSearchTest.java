package io.platestream.sink.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.schemas.PlateEvent;
import io.platestream.sink.events.EventQueries;
import io.platestream.sink.events.EventQuery;
import io.platestream.sink.events.EventView;
import io.platestream.sink.events.PlateMatch;
import io.platestream.sink.events.RecentEvents;
import io.platestream.sink.testing.HistoryDatabaseExtension;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same searches over the PostgreSQL history and over the in-memory recent events: both must
 * give the same answers.
 */
@ExtendWith(HistoryDatabaseExtension.class)
class EventSearchTest {
  private final HistoryDatabase database;

  /** Plate, camera, first seen (ms). */
  private static final List<Object[]> EVENTS =
      List.of(
          new Object[] {"京A12345", "gate", 1_000L},
          new Object[] {"京A12346", "gate", 2_000L},
          new Object[] {"京A1234", "lane", 3_000L},
          new Object[] {"京B12345", "lane", 4_000L},
          new Object[] {"沪A12345", "gate", 5_000L},
          new Object[] {"京A123456", "gate", 6_000L},
          new Object[] {"京A21345", "gate", 7_000L}, // two edits (a swap): never fuzzy-equal
          new Object[] {"京C99999", "gate", 8_000L},
          new Object[] {"京A_2345", "gate", 9_000L}); // a LIKE wildcard in a stored plate

  EventSearchTest(HistoryDatabase database) {
    this.database = database;
  }

  @Test
  void historyAndRecentEventsAnswerEverySearchAlike() throws Exception {
    RecentEvents recent = new RecentEvents(100);
    List<PlateEvent> events = events();
    events.forEach(recent::add);
    try (Connection c = database.dataSource().getConnection()) {
      EventRows.upsert(c, events, PlateProtection.clear(), true);
    }
    HistoryQueries history = new HistoryQueries(database.dataSource(), PlateProtection.clear());

    for (EventQueries queries : List.of(recent, history)) {
      String which = queries.getClass().getSimpleName();
      assertThat(plates(queries, query("京A12345", "exact", null, null, null)))
          .as(which)
          .containsExactly("京A12345");
      assertThat(plates(queries, query("京A1234", "prefix", null, null, null)))
          .as(which)
          .containsExactly("京A123456", "京A1234", "京A12346", "京A12345");
      assertThat(plates(queries, query("京A12345", "fuzzy", null, null, null)))
          .as(which)
          .containsExactly(
              "京A_2345", "京A123456", "沪A12345", "京B12345", "京A1234", "京A12346", "京A12345");
      assertThat(plates(queries, query("京A_2345", "exact", null, null, null)))
          .as(which + ": an underscore is a character, not a wildcard")
          .containsExactly("京A_2345");
      assertThat(plates(queries, query(null, "exact", "lane", null, null)))
          .as(which)
          .containsExactly("京B12345", "京A1234");
      assertThat(plates(queries, query(null, "exact", "gate", 2_000L, 6_000L)))
          .as(which + ": from inclusive, to exclusive")
          .containsExactly("沪A12345", "京A12346");

      EventQuery secondPage = EventQuery.parse(Map.of("camera", "gate", "page", "1", "size", "3"));
      var page = queries.search(secondPage);
      assertThat(page.total()).as(which).isEqualTo(7);
      assertThat(page.events().stream().map(EventView::plate))
          .as(which)
          .containsExactly("京A123456", "沪A12345", "京A12346");

      EventView one = queries.byId("gate/1000").orElseThrow();
      assertThat(one.plate()).isEqualTo("京A12345");
      assertThat(one.candidates()).extracting(EventView.Candidate::text).containsExactly("京A12345");
      assertThat(one.firstSeenMs()).isEqualTo(1_000L);
      assertThat(queries.crop("gate/1000")).get().isEqualTo(bytes(events.get(0)));
      assertThat(queries.byId("nobody")).isEmpty();
    }
  }

  @Test
  void hashedPlatesAreFoundByExactTextOnly() throws Exception {
    PlateProtection hmac = PlateProtection.hmac("a test key of thirty-two bytes!!".getBytes());
    try (Connection c = database.dataSource().getConnection()) {
      EventRows.upsert(c, events(), hmac, false);
    }
    HistoryQueries history = new HistoryQueries(database.dataSource(), hmac);

    var found = history.search(query("京A12345", "exact", null, null, null)).events();
    assertThat(found).extracting(EventView::eventId).containsExactly("gate/1000");
    assertThat(found.get(0).plate()).isNull();
    assertThat(found.get(0).plateHmac()).isEqualTo(hmac.protect("京A12345"));
    assertThat(history.crop("gate/1000")).isEmpty();
    assertThatThrownBy(() -> history.search(query("京A", "prefix", null, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("plates are stored hashed here: only exact plate search is possible");
  }

  @Test
  void retentionDeletesWhatWasLastSeenBeforeThePeriod() throws Exception {
    try (Connection c = database.dataSource().getConnection()) {
      EventRows.upsert(c, events(), PlateProtection.clear(), true);
    }
    // "Now" is 10 s after the epoch; keep 5 s: events last seen before 5 s go, that is those
    // first seen at 1, 2 and 3 s (each was last seen 1.2 s after it was first seen).
    Clock now = Clock.fixed(Instant.ofEpochMilli(10_000), ZoneOffset.UTC);
    HistoryRetention retention =
        new HistoryRetention(database.dataSource(), Duration.ofSeconds(5), now);

    assertThat(retention.runOnce()).isEqualTo(3);
    assertThat(retention.runOnce()).isZero();
    HistoryQueries history = new HistoryQueries(database.dataSource(), PlateProtection.clear());
    assertThat(history.search(EventQuery.latest(50)).events())
        .extracting(EventView::plate)
        .containsExactly("京A_2345", "京C99999", "京A21345", "京A123456", "沪A12345", "京B12345");
  }

  @Test
  void badSearchesAreRefusedWithTheParameterNamed() {
    assertThatThrownBy(() -> EventQuery.parse(Map.of("match", "sounds-like")))
        .hasMessage("match must be exact, prefix or fuzzy, got 'sounds-like'");
    assertThatThrownBy(() -> EventQuery.parse(Map.of("from", "yesterday")))
        .hasMessageStartingWith("from must be an ISO-8601 instant");
    assertThatThrownBy(() -> EventQuery.parse(Map.of("size", "5000")))
        .hasMessage("size must be within 1..200, got 5000");
    assertThatThrownBy(() -> EventQuery.parse(Map.of("from", "10", "to", "5")))
        .hasMessage("from (1970-01-01T00:00:00.010Z) is after to (1970-01-01T00:00:00.005Z)");
  }

  @Test
  void oneEditIsOneSubstitutionInsertionOrDeletion() {
    assertThat(PlateMatch.withinOneEdit("京A12345", "京A12345")).isTrue();
    assertThat(PlateMatch.withinOneEdit("京A12345", "京A12845")).isTrue();
    assertThat(PlateMatch.withinOneEdit("京A12345", "京A1245")).isTrue();
    assertThat(PlateMatch.withinOneEdit("京A1245", "京A12345")).isTrue();
    assertThat(PlateMatch.withinOneEdit("京A12345", "京A123456")).isTrue();
    assertThat(PlateMatch.withinOneEdit("京A12345", "沪A12345")).isTrue();
    assertThat(PlateMatch.withinOneEdit("京A12345", "京A21345")).isFalse();
    assertThat(PlateMatch.withinOneEdit("京A12345", "京A1234567")).isFalse();
    assertThat(PlateMatch.withinOneEdit("京A12345", "沪B12345")).isFalse();
  }

  private static EventQuery query(String plate, String match, String camera, Long from, Long to) {
    return new EventQuery(plate, PlateMatch.parse(match), camera, from, to, 0, 50);
  }

  private static List<String> plates(EventQueries queries, EventQuery query) {
    return queries.search(query).events().stream().map(EventView::plate).toList();
  }

  private static List<PlateEvent> events() {
    return EVENTS.stream()
        .map(e -> EventHistoryWriterTest.event(e[1] + "/" + e[2], (String) e[0], (Long) e[2]))
        .toList();
  }

  private static byte[] bytes(PlateEvent event) {
    var buffer = event.getBestCrop().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
