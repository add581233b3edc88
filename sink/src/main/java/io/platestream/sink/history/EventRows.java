package io.platestream.sink.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.schemas.PlateCandidate;
import io.platestream.schemas.PlateEvent;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plate events as rows of {@code plate_events}: one idempotent upsert per event id. */
public final class EventRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String UPSERT =
      "INSERT INTO plate_events (event_id, camera_id, plate, plate_hmac, valid, confidence,"
          + " first_seen, last_seen, read_count, candidates, best_crop, detector_name,"
          + " detector_version, recognizer_name, recognizer_version, emit_time, best_snapshot,"
          + " provisional)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (event_id) DO UPDATE SET camera_id = EXCLUDED.camera_id,"
          + " plate = EXCLUDED.plate, plate_hmac = EXCLUDED.plate_hmac, valid = EXCLUDED.valid,"
          + " confidence = EXCLUDED.confidence, first_seen = EXCLUDED.first_seen,"
          + " last_seen = EXCLUDED.last_seen, read_count = EXCLUDED.read_count,"
          + " candidates = EXCLUDED.candidates, best_crop = EXCLUDED.best_crop,"
          + " detector_name = EXCLUDED.detector_name,"
          + " detector_version = EXCLUDED.detector_version,"
          + " recognizer_name = EXCLUDED.recognizer_name,"
          + " recognizer_version = EXCLUDED.recognizer_version, emit_time = EXCLUDED.emit_time,"
          + " best_snapshot = EXCLUDED.best_snapshot, provisional = EXCLUDED.provisional,"
          + " stored_at = now()"
          // A provisional event never replaces its pass's final one (a replay sends both again).
          + " WHERE plate_events.provisional OR NOT EXCLUDED.provisional";

  private EventRows() {}

  /**
   * Stores {@code events} in one transaction: all or none. An event id seen twice in the batch is
   * stored once, as its last record.
   */
  public static void upsert(
      Connection connection,
      Collection<PlateEvent> events,
      PlateProtection plates,
      boolean storeCrops)
      throws SQLException {
    Map<String, PlateEvent> latest = new LinkedHashMap<>();
    events.forEach(e -> latest.put(e.getEventId(), e));
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
      for (PlateEvent event : latest.values()) {
        bind(statement, event, plates, storeCrops);
        statement.addBatch();
      }
      statement.executeBatch();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static void bind(
      PreparedStatement statement, PlateEvent event, PlateProtection plates, boolean storeCrops)
      throws SQLException {
    int i = 1;
    statement.setString(i++, event.getEventId());
    statement.setString(i++, event.getCameraId());
    if (plates.hashed()) {
      statement.setNull(i++, Types.VARCHAR);
      statement.setString(i++, plates.protect(event.getPlate()));
    } else {
      statement.setString(i++, event.getPlate());
      statement.setNull(i++, Types.VARCHAR);
    }
    statement.setBoolean(i++, event.getValid());
    statement.setFloat(i++, event.getConfidence());
    statement.setObject(i++, time(event.getFirstSeenMs()));
    statement.setObject(i++, time(event.getLastSeenMs()));
    statement.setInt(i++, event.getReadCount());
    statement.setString(i++, candidates(event.getCandidates(), plates));
    if (storeCrops) {
      statement.setBytes(i++, bytes(event.getBestCrop()));
    } else {
      statement.setNull(i++, Types.BINARY);
    }
    statement.setString(i++, event.getDetector().getName());
    statement.setInt(i++, event.getDetector().getVersion());
    statement.setString(i++, event.getRecognizer().getName());
    statement.setInt(i++, event.getRecognizer().getVersion());
    statement.setObject(i++, time(event.getEmitTimeMs()));
    // The snapshot shows the plate like the crop does: kept, and retained, exactly as crops are.
    if (storeCrops && event.getBestSnapshot() != null) {
      statement.setBytes(i++, bytes(event.getBestSnapshot()));
    } else {
      statement.setNull(i++, Types.BINARY);
    }
    statement.setBoolean(i, event.getProvisional());
  }

  static OffsetDateTime time(long epochMs) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
  }

  private static String candidates(List<PlateCandidate> candidates, PlateProtection plates) {
    List<Map<String, Object>> rows =
        candidates.stream()
            .map(
                c ->
                    Map.<String, Object>of(
                        "text", plates.protect(c.getText()),
                        "confidence", c.getConfidence(),
                        "valid", c.getValid()))
            .toList();
    try {
      return JSON.writeValueAsString(rows);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write candidates as JSON", e);
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
