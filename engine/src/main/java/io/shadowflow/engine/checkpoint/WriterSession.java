package io.shadowflow.engine.checkpoint;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The commit writer's own connection, kept while writes keep coming. The batch statement takes
 * arrays whose length the planner only learns at each call, so by default PostgreSQL re-plans it
 * every time (about a third of a millisecond); this session uses the generic plan, prepared once.
 * The setting is undone before the connection goes back to the pool.
 */
final class WriterSession {
  private final DataSource dataSource;
  private Connection connection;

  WriterSession(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  Connection connection() throws SQLException {
    if (connection == null) {
      Connection opened = dataSource.getConnection();
      try (Statement set = opened.createStatement()) {
        set.execute("SET plan_cache_mode = force_generic_plan");
      } catch (SQLException e) {
        opened.close();
        throw e;
      }
      connection = opened;
    }
    return connection;
  }

  /** Gives the connection back: when the writer goes idle, closes, or the connection failed. */
  void release() {
    if (connection == null) {
      return;
    }
    try (Connection returned = connection) {
      // A connection that failed, or that the pool closed under us, has no setting left to undo.
      if (returned.isValid(1)) {
        try (Statement reset = returned.createStatement()) {
          reset.execute("RESET plan_cache_mode");
        }
      }
    } catch (SQLException brokenConnection) {
      // The pool drops a connection that failed.
    }
    connection = null;
  }
}
