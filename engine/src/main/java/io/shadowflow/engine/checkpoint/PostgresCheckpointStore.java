package io.shadowflow.engine.checkpoint;

import io.shadowflow.engine.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The checkpoint store on PostgreSQL. Checkpoints and run ends go through a {@link GroupCommitter}:
 * concurrent runs share commits, and each NOTIFY rides in the transaction of its checkpoint, so it
 * is delivered only if the checkpoint commits.
 */
public final class PostgresCheckpointStore implements CheckpointStore {
  /** Inserts a run unless it exists; the commit waits for the disk, like every checkpoint. */
  private static final String INSERT_RUN =
      """
      INSERT INTO runs (run_id, namespace, name, workflow_type, seed, definition_hash, definition,
                        step_count, started_at)
      VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
      ON CONFLICT (run_id) DO NOTHING
      """;

  private static final String RUN_STORED = "SELECT true FROM runs WHERE run_id = ?";

  private static final String SELECT_RUN =
      """
      SELECT started_at, status, workflow_hash, error_code, error_message, failed_step
      FROM runs WHERE run_id = ?
      """;
  private static final String SELECT_STEPS =
      """
      SELECT seq, step_path, step_name, kind, input, output, step_hash, duration_ms, attempts,
             external, plugin
      FROM step_log WHERE run_id = ? ORDER BY seq
      """;
  private static final String SELECT_PROGRESS =
      """
      SELECT step_path, attempt, last_error_code, last_error_message, next_attempt_at, timer_due_at
      FROM step_progress p
      WHERE run_id = ?
        AND NOT EXISTS (SELECT 1 FROM step_log l WHERE l.run_id = p.run_id AND l.step_path = p.step_path)
      ORDER BY step_path
      """;

  /** Fenced like every write of a run (see {@link RunFence#OWNED}): no row when refused. */
  private static final String RECORD_FAILURE =
      """
      WITH %s,
      progressed AS (
          INSERT INTO step_progress (run_id, step_path, attempt, last_error_code, last_error_message,
                                     next_attempt_at)
          SELECT run_id, ?::text, ?::int, ?::text, ?::text, ?::timestamptz FROM owner
          ON CONFLICT (run_id, step_path) DO UPDATE
              SET attempt = greatest(step_progress.attempt, excluded.attempt),
                  last_error_code = excluded.last_error_code,
                  last_error_message = excluded.last_error_message,
                  next_attempt_at = excluded.next_attempt_at,
                  updated_at = now()
          RETURNING run_id),
      recorded AS (
          INSERT INTO failures (run_id, step_path, step_name, attempt, code, category, recovery,
                                message, injected, retry_at, occurred_at)
          SELECT run_id, ?::text, ?::text, ?::int, ?::text, ?::text, ?::text, ?::text, ?::boolean,
                 ?::timestamptz, ?::timestamptz
          FROM owner
          ON CONFLICT DO NOTHING
          RETURNING run_id)
      SELECT pg_notify(%s, json_build_object('runId', run_id)::text) FROM progressed
      """
          .formatted(RunFence.OWNED, CheckpointChannel.OF_CURRENT_SCHEMA);

  /** Fenced like every write of a run: no row when refused. */
  private static final String START_TIMER =
      """
      WITH %s
      INSERT INTO step_progress (run_id, step_path, timer_due_at)
      SELECT run_id, ?::text, ?::timestamptz FROM owner
      ON CONFLICT (run_id, step_path) DO UPDATE
          SET timer_due_at = coalesce(step_progress.timer_due_at, excluded.timer_due_at),
              updated_at = now()
      RETURNING timer_due_at
      """
          .formatted(RunFence.OWNED);

  /** Fenced like every write of a run: no row when refused. */
  private static final String PARK =
      """
      WITH %s
      UPDATE runs SET parked_at = now(), parked_signals = ?::text[], parked_until = ?::timestamptz,
                      wakes = wakes + 1, updated_at = now()
      WHERE run_id = (SELECT run_id FROM owner)
      RETURNING pg_notify(%s, json_build_object('runId', run_id)::text)
      """
          .formatted(RunFence.OWNED, CheckpointChannel.OF_CURRENT_SCHEMA);

  private final DataSource dataSource;
  private final GroupCommitter committer;

  public PostgresCheckpointStore(DataSource dataSource) {
    this.dataSource = dataSource;
    this.committer = new GroupCommitter(dataSource);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A stored run is locked (see {@link ClaimStatement}) and has its epoch raised in a durable
   * commit before this returns ({@link RunFence}). A new run is neither locked nor written yet: it
   * is locked before it calls out ({@link #lockRun}), and stored by its first commit or {@link
   * #storeRun}, whichever comes first; so a run that only computes costs one commit, which also
   * checks that no other process holds it.
   *
   * @throws io.shadowflow.engine.failure.WorkflowFailure RUN_OWNED_ELSEWHERE when another process
   *     owns the run
   */
  @Override
  public RunState openRun(RunDefinition run) {
    if (RunRows.find(dataSource, RUN_STORED, run.runId(), row -> true).isEmpty()) {
      committer.openNew(run);
      return new RunState(run.runId(), run.startedAt(), RunStatus.RUNNING, List.of(), null);
    }
    Optional<BatchStatement.Claim> claim = committer.open(run);
    if (claim.isPresent() && claim.get().created()) { // nothing committed yet: no need to read it
      return new RunState(run.runId(), claim.get().startedAt(), RunStatus.RUNNING, List.of(), null);
    }
    return readRun(run.runId());
  }

  @Override
  public void lockRun(String runId) {
    committer.ensureLocked(runId);
  }

  @Override
  public void storeRun(String runId) {
    committer.ensureStored(runId);
  }

  @Override
  public void releaseRun(String runId) {
    committer.release(runId);
  }

  /**
   * Creates the run unless it exists, without owning it: for the operator, which hands the run id
   * on to the engine pod that executes it. Returns once the row is on disk.
   */
  public RunState createRun(RunDefinition run) {
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
        return new RunState(
            runId,
            startedAt,
            status,
            readSteps(connection, runId),
            outcome,
            readProgress(connection, runId));
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
                  external == null ? null : Json.parse(external),
                  row.getString("plugin")));
        }
      }
    }
    return steps;
  }

  private static List<StepProgress> readProgress(Connection connection, String runId)
      throws SQLException {
    List<StepProgress> progress = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(SELECT_PROGRESS)) {
      select.setString(1, runId);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          progress.add(
              new StepProgress(
                  row.getString("step_path"),
                  row.getInt("attempt"),
                  row.getString("last_error_code"),
                  row.getString("last_error_message"),
                  instant(row.getTimestamp("next_attempt_at")),
                  instant(row.getTimestamp("timer_due_at"))));
        }
      }
    }
    return progress;
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  /**
   * @throws io.shadowflow.engine.failure.WorkflowFailure RUN_OWNED_ELSEWHERE when this process no
   *     longer owns the run, or the run has ended
   */
  @Override
  public void recordFailure(String runId, FailureEvent failure) {
    storeRun(runId);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement record = connection.prepareStatement(RECORD_FAILURE)) {
      int i = 0;
      record.setString(++i, runId);
      record.setLong(++i, committer.epoch(runId));
      record.setString(++i, failure.path());
      record.setInt(++i, failure.nextAttempt());
      record.setString(++i, failure.code().name());
      record.setString(++i, failure.message());
      record.setTimestamp(++i, timestamp(failure.retryAt()));
      record.setString(++i, failure.path());
      record.setString(++i, failure.stepName());
      record.setInt(++i, failure.attempt());
      record.setString(++i, failure.code().name());
      record.setString(++i, failure.code().category().name());
      record.setString(++i, failure.code().recovery().name());
      record.setString(++i, failure.message());
      record.setBoolean(++i, failure.injected());
      record.setTimestamp(++i, timestamp(failure.retryAt()));
      record.setTimestamp(++i, Timestamp.from(failure.occurredAt()));
      try (ResultSet notified = record.executeQuery()) {
        if (!notified.next()) {
          throw RunFence.refusal(connection, runId, committer.epoch(runId));
        }
      }
    } catch (SQLException e) {
      throw SqlFailures.of(
          "recording failure " + failure.code() + " of run " + runId + " step " + failure.path(),
          e);
    }
  }

  @Override
  public void commitStep(String runId, StepRecord step) {
    committer.commitStep(runId, step);
  }

  /**
   * @throws io.shadowflow.engine.failure.WorkflowFailure RUN_OWNED_ELSEWHERE when this process no
   *     longer owns the run, or the run has ended
   */
  @Override
  public Instant startTimer(String runId, String path, Instant due) {
    storeRun(runId);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement start = connection.prepareStatement(START_TIMER)) {
      start.setString(1, runId);
      start.setLong(2, committer.epoch(runId));
      start.setString(3, path);
      start.setTimestamp(4, Timestamp.from(due));
      try (ResultSet row = start.executeQuery()) {
        if (!row.next()) {
          throw RunFence.refusal(connection, runId, committer.epoch(runId));
        }
        return row.getTimestamp(1).toInstant();
      }
    } catch (SQLException e) {
      throw SqlFailures.of("starting the timer of run " + runId + " step " + path, e);
    }
  }

  @Override
  public void park(String runId, Set<String> signals, Instant until) {
    storeRun(runId);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement park = connection.prepareStatement(PARK)) {
      park.setString(1, runId);
      park.setLong(2, committer.epoch(runId));
      park.setObject(3, signals.toArray(String[]::new));
      park.setTimestamp(4, until == null ? null : Timestamp.from(until));
      try (ResultSet row = park.executeQuery()) {
        if (!row.next()) {
          throw RunFence.refusal(connection, runId, committer.epoch(runId));
        }
      }
    } catch (SQLException e) {
      throw SqlFailures.of("parking run " + runId, e);
    }
  }

  @Override
  public void finishRun(String runId, RunOutcome outcome) {
    committer.finishRun(runId, outcome);
  }

  @Override
  public void commitLastStep(String runId, StepRecord step, RunOutcome outcome) {
    committer.commitLastStep(runId, step, outcome);
  }

  /** Stops the commit writer; the data source belongs to whoever made it. */
  @Override
  public void commitSteps(String runId, List<StepRecord> steps, RunOutcome outcome) {
    committer.commitSteps(runId, steps, outcome);
  }

  @Override
  public void close() {
    committer.close();
  }
}
