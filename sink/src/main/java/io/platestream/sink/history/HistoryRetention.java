package io.platestream.sink.history;

import io.platestream.sink.Periodic;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes events whose last sighting is older than the retention period, on a schedule. */
public final class HistoryRetention implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);

  private final DataSource database;
  private final Duration keep;
  private final Clock clock;
  private Periodic schedule;

  public HistoryRetention(DataSource database, Duration keep, Clock clock) {
    if (keep.isNegative() || keep.isZero()) {
      throw new IllegalArgumentException("the retention period must be positive, got " + keep);
    }
    this.database = database;
    this.keep = keep;
    this.clock = clock;
  }

  /** Deletes what is older than the retention period now; returns how many events went. */
  public int runOnce() throws SQLException {
    try (Connection connection = database.getConnection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM plate_events WHERE last_seen < ?")) {
      delete.setObject(1, EventRows.time(clock.millis() - keep.toMillis()));
      int deleted = delete.executeUpdate();
      if (deleted > 0) {
        log.info("retention: deleted {} events last seen more than {} ago", deleted, keep);
      }
      return deleted;
    }
  }

  /** Runs now and then every {@code every} until closed; a failed run is logged and retried. */
  public HistoryRetention start(Duration every) {
    schedule = Periodic.start("history-retention", every, this::runOnce);
    return this;
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.close();
    }
  }
}
