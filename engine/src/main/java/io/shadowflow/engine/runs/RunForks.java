package io.shadowflow.engine.runs;

import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.checkpoint.RunDefinition;
import io.shadowflow.engine.model.StepPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Restart from a step: a new run that holds copies of another run's checkpoints before that step,
 * so the engine takes them from their checkpoints and executes from the step on. The source run's
 * records are not touched.
 *
 * <p>Checkpoints are chosen by path, not by sequence number: steps a plan step planned take
 * sequence numbers too, and they belong to their plan step, whose path starts theirs. Each copy
 * keeps its step hash and the external results it recorded (a golden record of the new run needs
 * them), and its sequence number, so the new run goes on numbering where the source did.
 */
public final class RunForks {
  /**
   * Copies the steps whose top-level step (the first two segments of a path, {@code steps/N}, or
   * the whole path when it has one segment) is one of the given paths. The only insert into
   * step_log outside the engine's checkpoint writer.
   */
  private static final String COPY_STEPS =
      """
      INSERT INTO step_log (run_id, seq, step_path, step_name, kind, input, output, step_hash,
                            duration_ms, attempts, external, plugin)
      SELECT ?, seq, step_path, step_name, kind, input, output, step_hash, duration_ms, attempts,
             external, plugin
      FROM step_log
      WHERE run_id = ? AND coalesce(substring(step_path FROM '^[^/]+/[^/]+'), step_path) = ANY (?)
      ON CONFLICT DO NOTHING
      """;

  private final DataSource dataSource;
  private final PostgresCheckpointStore store;

  public RunForks(DataSource dataSource) {
    this.dataSource = dataSource;
    this.store = new PostgresCheckpointStore(dataSource);
  }

  /**
   * Opens {@code run} holding copies of {@code source}'s checkpoints of the top-level steps before
   * index {@code before}, with every step nested under them. Idempotent: forking again changes
   * nothing.
   */
  public void fork(RunDefinition run, String source, int before) {
    List<String> topLevel = new ArrayList<>();
    for (int i = 0; i < before; i++) {
      topLevel.add(StepPath.top(i));
    }
    fork(run, source, topLevel);
  }

  /**
   * Opens {@code run} holding copies of {@code source}'s checkpoints of the given top-level steps
   * ({@code steps/N}, {@code finally/N}, {@code finally}) with every step nested under them: an
   * edited Workflow's run going on from its previous run. Idempotent.
   */
  public void fork(RunDefinition run, String source, List<String> topLevelSteps) {
    store.createRun(run);
    try (Connection connection = dataSource.getConnection()) {
      copy(connection, run.runId(), source, topLevelSteps);
    } catch (SQLException e) {
      throw RunSummaries.unavailable("forking run " + source + " into " + run.runId(), e);
    }
  }

  /** The copy of {@link #fork}, on the caller's connection (and in its transaction). */
  static void copy(Connection connection, String target, String source, List<String> topLevelSteps)
      throws SQLException {
    try (PreparedStatement copy = connection.prepareStatement(COPY_STEPS)) {
      copy.setString(1, target);
      copy.setString(2, source);
      copy.setObject(3, topLevelSteps.toArray(String[]::new));
      copy.executeUpdate();
    }
  }
}
