package io.platestream.sink.history;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.sink.events.EventQueries;
import io.platestream.sink.events.EventQuery;
import io.platestream.sink.events.EventView;
import io.platestream.sink.events.Page;
import io.platestream.sink.events.PlateMatch;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Searches over the event history in PostgreSQL. */
public final class HistoryQueries implements EventQueries {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS =
      "event_id, camera_id, plate, plate_hmac, valid, confidence,"
          + " (extract(epoch from first_seen) * 1000)::bigint,"
          + " (extract(epoch from last_seen) * 1000)::bigint, read_count, candidates::text,"
          + " detector_name, detector_version, recognizer_name, recognizer_version,"
          + " (extract(epoch from emit_time) * 1000)::bigint, best_crop IS NOT NULL,"
          + " best_snapshot IS NOT NULL, provisional";

  private final DataSource database;
  private final PlateProtection plates;

  public HistoryQueries(DataSource database, PlateProtection plates) {
    this.database = database;
    this.plates = plates;
  }

  @Override
  public Page search(EventQuery query) {
    StringBuilder where = new StringBuilder(" WHERE true");
    List<Object> parameters = new ArrayList<>();
    if (query.plate() != null) {
      plateCondition(query, where, parameters);
    }
    if (query.cameraId() != null) {
      where.append(" AND camera_id = ?");
      parameters.add(query.cameraId());
    }
    if (query.fromMs() != null) {
      where.append(" AND first_seen >= ?");
      parameters.add(EventRows.time(query.fromMs()));
    }
    if (query.toMs() != null) {
      where.append(" AND first_seen < ?");
      parameters.add(EventRows.time(query.toMs()));
    }
    try (Connection connection = database.getConnection()) {
      long total;
      try (PreparedStatement count =
          prepare(connection, "SELECT count(*) FROM plate_events" + where, parameters)) {
        try (ResultSet r = count.executeQuery()) {
          r.next();
          total = r.getLong(1);
        }
      }
      List<Object> paged = new ArrayList<>(parameters);
      paged.add(query.size());
      paged.add((long) query.page() * query.size());
      List<EventView> events = new ArrayList<>();
      try (PreparedStatement rows =
          prepare(
              connection,
              "SELECT "
                  + COLUMNS
                  + " FROM plate_events"
                  + where
                  + " ORDER BY first_seen DESC, event_id LIMIT ? OFFSET ?",
              paged)) {
        try (ResultSet r = rows.executeQuery()) {
          while (r.next()) {
            events.add(view(r));
          }
        }
      }
      return new Page(query.page(), query.size(), total, events);
    } catch (SQLException e) {
      throw new IllegalStateException("the history database failed: " + e.getMessage(), e);
    }
  }

  private void plateCondition(EventQuery query, StringBuilder where, List<Object> parameters) {
    if (plates.hashed()) {
      if (query.match() != PlateMatch.EXACT) {
        throw new IllegalArgumentException(
            "plates are stored hashed here: only exact plate search is possible");
      }
      where.append(" AND plate_hmac = ?");
      parameters.add(plates.protect(query.plate()));
      return;
    }
    switch (query.match()) {
      case EXACT -> {
        where.append(" AND plate = ?");
        parameters.add(query.plate());
      }
      case PREFIX -> {
        where.append(" AND plate LIKE ?");
        parameters.add(FuzzyPatterns.escape(query.plate()) + "%");
      }
      case FUZZY -> {
        where.append(" AND plate LIKE ANY (?)");
        parameters.add(FuzzyPatterns.withinOneEdit(query.plate()).toArray(String[]::new));
      }
    }
  }

  @Override
  public Optional<EventView> byId(String eventId) {
    try (Connection connection = database.getConnection();
        PreparedStatement statement =
            prepare(
                connection,
                "SELECT " + COLUMNS + " FROM plate_events WHERE event_id = ?",
                List.of(eventId));
        ResultSet r = statement.executeQuery()) {
      return r.next() ? Optional.of(view(r)) : Optional.empty();
    } catch (SQLException e) {
      throw new IllegalStateException("the history database failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<byte[]> crop(String eventId) {
    return image("best_crop", eventId);
  }

  @Override
  public Optional<byte[]> snapshot(String eventId) {
    return image("best_snapshot", eventId);
  }

  /** One of the event's stored images (the column is one of ours, never the caller's). */
  private Optional<byte[]> image(String column, String eventId) {
    try (Connection connection = database.getConnection();
        PreparedStatement statement =
            prepare(
                connection,
                "SELECT "
                    + column
                    + " FROM plate_events WHERE event_id = ? AND "
                    + column
                    + " IS NOT NULL",
                List.of(eventId));
        ResultSet r = statement.executeQuery()) {
      return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
    } catch (SQLException e) {
      throw new IllegalStateException("the history database failed: " + e.getMessage(), e);
    }
  }

  private static PreparedStatement prepare(
      Connection connection, String sql, List<Object> parameters) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.size(); i++) {
      Object p = parameters.get(i);
      if (p instanceof String[] texts) {
        Array array = connection.createArrayOf("text", texts);
        statement.setArray(i + 1, array);
      } else {
        statement.setObject(i + 1, p);
      }
    }
    return statement;
  }

  private static EventView view(ResultSet r) throws SQLException {
    List<EventView.Candidate> candidates;
    try {
      candidates =
          JSON.readValue(r.getString(10), new TypeReference<List<EventView.Candidate>>() {});
    } catch (IOException e) {
      throw new SQLException("candidates of " + r.getString(1) + " are not valid JSON", e);
    }
    return new EventView(
        r.getString(1),
        r.getString(2),
        r.getString(3),
        r.getString(4),
        r.getBoolean(5),
        r.getFloat(6),
        r.getLong(7),
        r.getLong(8),
        r.getInt(9),
        candidates,
        new EventView.ModelRef(r.getString(11), r.getInt(12)),
        new EventView.ModelRef(r.getString(13), r.getInt(14)),
        r.getLong(15),
        r.getBoolean(16),
        r.getBoolean(17),
        r.getBoolean(18));
  }
}
