package io.shadowflow.engine.checkpoint;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * The commit writer's own connection, kept while writes keep coming or while this process owns a
 * run (the session holds the runs' locks, see {@link ClaimStatement}), and set up for the batch
 * statement. That statement takes arrays whose length the planner learns only at each call, so by
 * default PostgreSQL re-plans it every time (about a third of a millisecond); this session keeps
 * one generic plan instead. A plan kept that long must not scan a table whole because the table was
 * small when it was made, and every row the writer touches is found by key, so sequential scans are
 * off too. Both settings, and the locks, are undone before the connection goes back to the pool.
 */
final class WriterSession {
  private final DataSource dataSource;
  private final OwnedRuns owned;
  private Connection connection;

  WriterSession(DataSource dataSource, OwnedRuns owned) {
    this.dataSource = dataSource;
    this.owned = owned;
  }

  /**
   * The connection; a new one takes the locks of the runs this process owns again. A run whose lock
   * another process took meanwhile is not taken back: that process raised the run's epoch, so the
   * fence refuses this one's writes.
   */
  Connection connection() throws SQLException {
    if (connection == null) {
      Connection opened = dataSource.getConnection();
      try (Statement set = opened.createStatement()) {
        set.execute("SET plan_cache_mode = force_generic_plan");
        set.execute("SET enable_seqscan = off");
        List<String> runs = owned.lockedRuns();
        if (!runs.isEmpty()) {
          ClaimStatement.lock(opened, runs);
        }
      } catch (SQLException e) {
        opened.close();
        throw e;
      }
      connection = opened;
    }
    return connection;
  }

  /** Gives the connection back when the writer goes idle, unless it holds runs' locks. */
  void releaseIfIdle() {
    if (owned.holdsNoLock()) {
      release();
    }
  }

  /** Gives the connection back: when the writer closes, or the connection failed. */
  void release() {
    if (connection == null) {
      return;
    }
    try (Connection returned = connection) {
      // A connection that failed, or that the pool closed under us, has no setting left to undo.
      if (returned.isValid(1)) {
        try (Statement reset = returned.createStatement()) {
          reset.execute("RESET plan_cache_mode");
          reset.execute("RESET enable_seqscan");
          reset.execute("SELECT pg_advisory_unlock_all()");
        }
      }
    } catch (SQLException brokenConnection) {
      // The pool drops a connection that failed.
    }
    connection = null;
  }
}
