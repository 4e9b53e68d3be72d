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

  private static final String PROGRESS =
      """
      UPDATE runs r
      SET completed_steps = s.n, last_step_path = s.path, last_step_name = s.name,
          last_checkpoint_at = s.at, updated_at = now()
      FROM (SELECT count(*) AS n,
                   (array_agg(step_path ORDER BY seq DESC))[1] AS path,
                   (array_agg(step_name ORDER BY seq DESC))[1] AS name,
                   max(committed_at) AS at
            FROM step_log WHERE run_id = ?) s
      WHERE r.run_id = ? AND s.n > r.completed_steps
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
      try (PreparedStatement copy = connection.prepareStatement(COPY_STEPS);
          PreparedStatement progress = connection.prepareStatement(PROGRESS)) {
        copy.setString(1, run.runId());
        copy.setString(2, source);
        copy.setInt(3, before);
        copy.executeUpdate();
        progress.setString(1, run.runId());
        progress.setString(2, run.runId());
        progress.executeUpdate();
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
