package io.platestream.sink.testing;

import io.platestream.sink.history.HistoryDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real PostgreSQL ({@link LocalPostgres}) with the history schema migrated, one per test class,
 * emptied before each test; tests take {@link LocalPostgres} or {@link HistoryDatabase} as
 * parameters.
 */
public final class HistoryDatabaseExtension implements ParameterResolver, BeforeEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(HistoryDatabaseExtension.class);

  /** The server and the database on it, closed together when the test class is done. */
  private record Running(LocalPostgres postgres, HistoryDatabase database)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Exception {
      try (postgres) {
        database.close();
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalPostgres.class || type == HistoryDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Running running = running(context);
    return parameter.getParameter().getType() == LocalPostgres.class
        ? running.postgres()
        : running.database();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    try (Connection c = running(context).database().dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM plate_events");
    }
  }

  private static Running running(ExtensionContext context) {
    ExtensionContext classContext =
        context.getTestClass().isPresent() && context.getTestMethod().isPresent()
            ? context.getParent().orElse(context)
            : context;
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "postgres",
            key -> {
              try {
                LocalPostgres postgres = LocalPostgres.start();
                return new Running(
                    postgres,
                    HistoryDatabase.connect(
                        postgres.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD));
              } catch (RuntimeException e) {
                throw e;
              } catch (Exception e) {
                throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
              }
            },
            Running.class);
  }
}
