package io.shadowflow.operator.db;

import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.checkpoint.RunDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Allocates runs in PostgreSQL before any engine pod exists, so the pod is told only a run id. Both
 * operations are idempotent: a reconcile that runs twice allocates nothing twice.
 */
public final class RunAllocator {
  /** Copies the committed steps before a position; the copies keep their step hashes. */
  private static final String COPY_STEPS =
      """
      INSERT INTO step_log (run_id, seq, step_path, step_name, kind, input, output, step_hash,
                            duration_ms, attempts)
      SELECT ?, seq, step_path, step_name, kind, input, output, step_hash, duration_ms, attempts
      FROM step_log WHERE run_id = ? AND seq < ?
      ON CONFLICT DO NOTHING
      """;

  private final DataSource dataSource;
  private final PostgresCheckpointStore store;

  public RunAllocator(DataSource dataSource) {
    this.dataSource = dataSource;
    this.store = new PostgresCheckpointStore(dataSource);
  }

  /** Creates the run if it does not exist yet; it is on disk before a pod is told its id. */
  public void allocate(RunDefinition run) {
    store.createRun(run);
  }

  /**
   * Opens {@code run} holding copies of {@code source}'s committed steps before position {@code
   * before}: the engine takes them from their checkpoints and executes from that step on. The
   * source run's records are not touched.
   */
  public void fork(RunDefinition run, String source, int before) {
    store.createRun(run);
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement copy = connection.prepareStatement(COPY_STEPS)) {
        copy.setString(1, run.runId());
        copy.setString(2, source);
        copy.setInt(3, before);
        copy.executeUpdate();
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw RunSummaries.unavailable("forking run " + source + " into " + run.runId(), e);
    }
  }
}
