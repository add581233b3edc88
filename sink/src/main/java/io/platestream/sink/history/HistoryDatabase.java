package io.platestream.sink.history;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The PostgreSQL database that keeps event history: a small connection pool, and the schema brought
 * up to date by the migrations in {@code db/migration} before anything else uses it.
 */
public final class HistoryDatabase implements AutoCloseable {
  private final HikariDataSource pool;

  private HistoryDatabase(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * Connects and migrates.
   *
   * @throws IllegalStateException naming the URL when the database cannot be reached or migrated
   */
  public static HistoryDatabase connect(String jdbcUrl, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(4);
    config.setPoolName("platestream-history");
    // Fail fast at start with the real reason, instead of on the first query.
    config.setInitializationFailTimeout(10_000);
    config.setConnectionTimeout(5_000);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot connect to the history database " + jdbcUrl + ": " + rootMessage(e), e);
    }
    try {
      Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw new IllegalStateException(
          "cannot migrate the history database " + jdbcUrl + ": " + rootMessage(e), e);
    }
    return new HistoryDatabase(pool);
  }

  public DataSource dataSource() {
    return pool;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  @Override
  public void close() {
    pool.close();
  }
}
