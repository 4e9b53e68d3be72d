package io.shadowflow.engine.runs;

import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.checkpoint.RunDefinition;
import io.shadowflow.engine.model.StepPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
   * Copies the steps whose top-level step (the first two segments of a path, {@code steps/N}) is
   * one of the given paths. The only insert into step_log outside the engine's checkpoint writer.
   */
  private static final String COPY_STEPS =
      """
      INSERT INTO step_log (run_id, seq, step_path, step_name, kind, input, output, step_hash,
                            duration_ms, attempts, external)
      SELECT ?, seq, step_path, step_name, kind, input, output, step_hash, duration_ms, attempts,
             external
      FROM step_log
      WHERE run_id = ? AND substring(step_path FROM '^[^/]+/[^/]+') = ANY (?)
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
    store.createRun(run);
    String[] topLevel = new String[before];
    for (int i = 0; i < before; i++) {
      topLevel[i] = StepPath.top(i);
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement copy = connection.prepareStatement(COPY_STEPS)) {
      copy.setString(1, run.runId());
      copy.setString(2, source);
      copy.setArray(3, connection.createArrayOf("text", topLevel));
      copy.executeUpdate();
    } catch (SQLException e) {
      throw RunSummaries.unavailable("forking run " + source + " into " + run.runId(), e);
    }
  }
}
