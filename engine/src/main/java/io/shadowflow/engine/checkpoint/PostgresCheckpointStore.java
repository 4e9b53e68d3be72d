package io.shadowflow.engine.checkpoint;

import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The checkpoint store on PostgreSQL. Each write is one statement in its own transaction, so a
 * checkpoint costs one round trip and one commit; the NOTIFY rides in the same transaction and is
 * delivered only if the checkpoint commits.
 */
public final class PostgresCheckpointStore implements CheckpointStore {
  private static final String INSERT_RUN =
      """
      INSERT INTO runs (run_id, namespace, name, workflow_type, seed, definition_hash, definition,
                        step_count, started_at)
      VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
      ON CONFLICT (run_id) DO NOTHING
      """;
  private static final String SELECT_RUN =
      """
      SELECT started_at, status, workflow_hash, error_code, error_message, failed_step
      FROM runs WHERE run_id = ?
      """;
  private static final String SELECT_STEPS =
      """
      SELECT seq, step_path, step_name, kind, input, output, step_hash, duration_ms, attempts,
             external
      FROM step_log WHERE run_id = ? ORDER BY seq
      """;
  private static final String COMMIT_STEP =
      """
      WITH inserted AS (
          INSERT INTO step_log (run_id, seq, step_path, step_name, kind, input, output, step_hash,
                                duration_ms, attempts, external)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT DO NOTHING
          RETURNING run_id, seq, step_path, step_name),
      progressed AS (
          UPDATE runs r
          SET completed_steps = i.seq + 1, last_step_path = i.step_path,
              last_step_name = i.step_name, last_checkpoint_at = now(), updated_at = now()
          FROM inserted i WHERE r.run_id = i.run_id
          RETURNING r.run_id, r.namespace, r.name, i.seq, i.step_path, i.step_name)
      SELECT (SELECT count(*) FROM inserted) AS inserted,
             (SELECT pg_notify('%s', json_build_object('runId', run_id, 'namespace', namespace,
                     'name', name, 'seq', seq, 'path', step_path, 'step', step_name)::text)
              FROM progressed) AS notified
      """
          .formatted(CheckpointChannel.NAME);
  private static final String COMMITTED_HASH =
      "SELECT step_hash FROM step_log WHERE run_id = ? AND (step_path = ? OR seq = ?)";
  private static final String START_TIMER =
      """
      INSERT INTO step_progress (run_id, step_path, timer_due_at) VALUES (?, ?, ?)
      ON CONFLICT (run_id, step_path) DO UPDATE
          SET timer_due_at = coalesce(step_progress.timer_due_at, excluded.timer_due_at),
              updated_at = now()
      RETURNING timer_due_at
      """;
  private static final String FINISH_RUN =
      """
      WITH finished AS (
          UPDATE runs SET status = ?, workflow_hash = ?, error_code = ?, error_message = ?,
                          failed_step = ?, finished_at = now(), updated_at = now()
          WHERE run_id = ? AND status = 'RUNNING'
          RETURNING run_id, namespace, name, status)
      SELECT pg_notify('%s', json_build_object('runId', run_id, 'namespace', namespace,
                       'name', name, 'status', status)::text)
      FROM finished
      """
          .formatted(CheckpointChannel.NAME);

  private final DataSource dataSource;

  public PostgresCheckpointStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public RunState openRun(RunDefinition run) {
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement insert = connection.prepareStatement(INSERT_RUN)) {
        insert.setString(1, run.runId());
        insert.setString(2, run.namespace());
        insert.setString(3, run.name());
        insert.setString(4, run.workflowType());
        insert.setLong(5, run.seed());
        insert.setString(6, run.definitionHash());
        insert.setString(7, run.definition());
        insert.setInt(8, run.stepCount());
        insert.setTimestamp(9, Timestamp.from(run.startedAt()));
        insert.executeUpdate();
      }
      return readRun(connection, run.runId());
    } catch (SQLException e) {
      throw SqlFailures.of("opening run " + run.runId(), e);
    }
  }

  /** The stored state of a run; the run must exist. */
  public RunState readRun(String runId) {
    try (Connection connection = dataSource.getConnection()) {
      return readRun(connection, runId);
    } catch (SQLException e) {
      throw SqlFailures.of("reading run " + runId, e);
    }
  }

  private static RunState readRun(Connection connection, String runId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SELECT_RUN)) {
      select.setString(1, runId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new SQLException("run " + runId + " does not exist", "02000");
        }
        RunStatus status = RunStatus.valueOf(row.getString("status"));
        RunOutcome outcome =
            status.finished()
                ? new RunOutcome(
                    status == RunStatus.SUCCEEDED,
                    row.getString("error_code"),
                    row.getString("error_message"),
                    row.getString("failed_step"),
                    row.getString("workflow_hash"))
                : null;
        Instant startedAt = row.getTimestamp("started_at").toInstant();
        return new RunState(runId, startedAt, status, readSteps(connection, runId), outcome);
      }
    }
  }

  private static List<StepRecord> readSteps(Connection connection, String runId)
      throws SQLException {
    List<StepRecord> steps = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(SELECT_STEPS)) {
      select.setString(1, runId);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          String external = row.getString("external");
          steps.add(
              new StepRecord(
                  row.getInt("seq"),
                  row.getString("step_path"),
                  row.getString("step_name"),
                  row.getString("kind"),
                  Json.parse(row.getString("input")),
                  Json.parse(row.getString("output")),
                  row.getString("step_hash"),
                  row.getLong("duration_ms"),
                  row.getInt("attempts"),
                  external == null ? null : Json.parse(external)));
        }
      }
    }
    return steps;
  }

  @Override
  public void commitStep(String runId, StepRecord step) {
    try (Connection connection = dataSource.getConnection()) {
      boolean inserted;
      try (PreparedStatement commit = connection.prepareStatement(COMMIT_STEP)) {
        commit.setString(1, runId);
        commit.setInt(2, step.seq());
        commit.setString(3, step.path());
        commit.setString(4, step.name());
        commit.setString(5, step.kind());
        commit.setString(6, CanonicalJson.of(step.input()));
        commit.setString(7, CanonicalJson.of(step.output()));
        commit.setString(8, step.stepHash());
        commit.setLong(9, step.durationMs());
        commit.setInt(10, step.attempts());
        commit.setString(11, step.external() == null ? null : CanonicalJson.of(step.external()));
        try (ResultSet row = commit.executeQuery()) {
          row.next();
          inserted = row.getLong("inserted") == 1;
        }
      }
      if (!inserted) {
        Conflicts.requireSameHash(runId, committedHash(connection, runId, step), step);
      }
    } catch (SQLException e) {
      throw SqlFailures.of("committing run " + runId + " step " + step.path(), e);
    }
  }

  private static String committedHash(Connection connection, String runId, StepRecord step)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(COMMITTED_HASH)) {
      select.setString(1, runId);
      select.setString(2, step.path());
      select.setInt(3, step.seq());
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new SQLException("run " + runId + " does not exist", "02000");
        }
        return row.getString(1);
      }
    }
  }

  @Override
  public Instant startTimer(String runId, String path, Instant due) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement start = connection.prepareStatement(START_TIMER)) {
      start.setString(1, runId);
      start.setString(2, path);
      start.setTimestamp(3, Timestamp.from(due));
      try (ResultSet row = start.executeQuery()) {
        row.next();
        return row.getTimestamp(1).toInstant();
      }
    } catch (SQLException e) {
      throw SqlFailures.of("starting the timer of run " + runId + " step " + path, e);
    }
  }

  @Override
  public void finishRun(String runId, RunOutcome outcome) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement finish = connection.prepareStatement(FINISH_RUN)) {
      finish.setString(1, outcome.status().name());
      finish.setString(2, outcome.workflowHash());
      finish.setString(3, outcome.errorCode());
      finish.setString(4, outcome.errorMessage());
      finish.setString(5, outcome.failedStep());
      finish.setString(6, runId);
      finish.executeQuery().close();
    } catch (SQLException e) {
      throw SqlFailures.of("finishing run " + runId, e);
    }
  }

  @Override
  public void close() {
    // The data source belongs to whoever made it.
  }
}
