package io.shadowflow.engine.runs;

import io.shadowflow.engine.checkpoint.RunRows;
import io.shadowflow.engine.checkpoint.RunStatus;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads runs for status: one indexed row per run, with its progress from its last step. This and
 * the other classes of this package are the operator's only way into the run tables.
 */
public final class RunSummaries {
  private static final String SELECT =
      """
      SELECT run_id, status, completed_steps, step_count, last_step_name, last_checkpoint_at,
             workflow_hash, error_code, error_message, failed_step,
             wakes, parked_at, parked_signals, parked_until,
             EXISTS (SELECT 1 FROM signals s
                     WHERE s.run_id = p.run_id AND s.name = ANY (p.parked_signals)) AS signalled,
             (SELECT count(*) FROM child_workflows c WHERE c.run_id = p.run_id) AS children,
             jsonb_path_exists(definition, 'lax $.** ? (@.kind == "forEach" || @.kind == "plan")')
               AS grows
      FROM run_progress p WHERE run_id = ?
      """;
  private static final String CHANGED =
      """
      SELECT DISTINCT namespace, name
      FROM runs r, (SELECT now() - make_interval(secs => ?) AS at) since
      WHERE r.updated_at > since.at
         OR (r.status = 'RUNNING'
             AND EXISTS (SELECT 1 FROM step_log l
                         WHERE l.run_id = r.run_id AND l.committed_at > since.at))
         OR EXISTS (SELECT 1 FROM signals s
                    WHERE s.run_id = r.run_id AND s.delivered_at > since.at)
         OR EXISTS (SELECT 1 FROM child_workflows c
                    WHERE c.run_id = r.run_id AND c.requested_at > since.at)
      """;

  private static final String WORKFLOW = "SELECT namespace, name FROM runs WHERE run_id = ?";

  private final DataSource dataSource;

  public RunSummaries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Optional<RunSummary> find(String runId) {
    return RunRows.find(
        dataSource,
        SELECT,
        runId,
        row -> {
          Timestamp checkpointAt = row.getTimestamp("last_checkpoint_at");
          return new RunSummary(
              runId,
              RunStatus.valueOf(row.getString("status")),
              row.getInt("completed_steps"),
              row.getInt("step_count"),
              row.getBoolean("grows"),
              row.getString("last_step_name"),
              checkpointAt == null ? null : checkpointAt.toInstant(),
              row.getString("workflow_hash"),
              row.getString("error_code"),
              row.getString("error_message"),
              row.getString("failed_step"),
              row.getInt("wakes"),
              park(row),
              row.getInt("children"));
        });
  }

  /** The Workflow a run belongs to; empty when the run has no row (or no longer has one). */
  public Optional<WorkflowName> workflowOf(String runId) {
    return RunRows.find(
        dataSource,
        WORKFLOW,
        runId,
        row -> new WorkflowName(row.getString("namespace"), row.getString("name")));
  }

  private static RunPark park(ResultSet row) throws SQLException {
    Timestamp parkedAt = row.getTimestamp("parked_at");
    if (parkedAt == null) {
      return null;
    }
    Timestamp until = row.getTimestamp("parked_until");
    return new RunPark(
        List.of((String[]) row.getArray("parked_signals").getArray()),
        until == null ? null : until.toInstant(),
        parkedAt.toInstant(),
        row.getBoolean("signalled"));
  }

  /**
   * The Workflows whose runs started, ended, checkpointed, were signalled or recorded a child in
   * the last {@code window}, by the database's clock.
   */
  public List<WorkflowName> changedWithin(Duration window) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(CHANGED)) {
      select.setDouble(1, window.toMillis() / 1000.0);
      List<WorkflowName> changed = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          changed.add(new WorkflowName(row.getString("namespace"), row.getString("name")));
        }
      }
      return changed;
    } catch (SQLException e) {
      throw unavailable("listing changed runs", e);
    }
  }

  static WorkflowFailure unavailable(String action, SQLException e) {
    return new WorkflowFailure(
        FailureCode.DATABASE_UNAVAILABLE,
        action + " failed: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")",
        e);
  }
}
