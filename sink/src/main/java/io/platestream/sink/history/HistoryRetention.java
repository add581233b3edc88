package io.platestream.sink.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes events whose last sighting is older than the retention period, on a schedule. */
public final class HistoryRetention implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);

  private final DataSource database;
  private final Duration keep;
  private final Clock clock;
  private ScheduledExecutorService schedule;

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
    schedule =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "history-retention");
              thread.setDaemon(true);
              return thread;
            });
    schedule.scheduleWithFixedDelay(
        () -> {
          try {
            runOnce();
          } catch (SQLException | RuntimeException e) {
            log.warn("retention run failed, next in {}: {}", every, e.getMessage());
          }
        },
        0,
        every.toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.shutdownNow();
    }
  }
}
