package io.shadowflow.engine.checkpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The statement that commits a batch of checkpoints and run ends: one round trip and one commit for
 * the whole batch, and in the same transaction one NOTIFY for each run it wrote (see {@link
 * CheckpointChannel}).
 */
final class BatchStatement {
  /** What a batch did: the steps that were new, the runs opened, the runs that ended. */
  record Result(Set<String> inserted, Map<String, Claim> claims, Set<String> finished) {}

  /**
   * A new run to store. {@code lockInCommit}: the writer's session does not hold its lock, which
   * the commit takes for its own duration; the run is not stored if another session holds it.
   */
  record NewRun(RunDefinition run, boolean lockInCommit) {}

  /**
   * A run opened or created by this batch: its epoch, its recorded start, and whether it is new.
   */
  record Claim(long epoch, Instant startedAt, boolean created) {}

  /**
   * One statement, so one round trip and one commit, for every write of a batch. Checkpoints and
   * ends pass the {@link RunFence}; runs are opened and created by the {@link ClaimStatement}.
   */
  private static final String COMMIT_BATCH =
      """
      WITH %2$s,
      steps AS (
          SELECT * FROM unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[],
                               ?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[], ?::text[],
                               ?::bigint[])
              AS b(run_id, seq, step_path, step_name, kind, input, output, step_hash,
                   duration_ms, attempts, external, plugin, epoch)),
      ends AS (
          SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                               ?::int[], ?::bigint[])
              AS e(run_id, status, workflow_hash, error_code, error_message, failed_step,
                   after_seq, epoch)),
      %4$s,
      %3$s,
      inserted AS (
          INSERT INTO step_log (run_id, seq, step_path, step_name, kind, input, output, step_hash,
                                duration_ms, attempts, external, plugin)
          SELECT s.run_id, s.seq, s.step_path, s.step_name, s.kind, s.input, s.output,
                 s.step_hash, s.duration_ms, s.attempts, s.external, s.plugin
          FROM steps s JOIN fenced f ON f.run_id = s.run_id AND f.owner_epoch = s.epoch
          ON CONFLICT DO NOTHING
          RETURNING run_id, seq, step_path, step_name),
      finished AS (
          UPDATE runs r SET status = e.status, workflow_hash = e.workflow_hash,
                            error_code = e.error_code, error_message = e.error_message,
                            failed_step = e.failed_step, finished_at = now(), updated_at = now()
          FROM ends e JOIN fenced f ON f.run_id = e.run_id AND f.owner_epoch = e.epoch
          WHERE r.run_id = e.run_id
            AND (e.after_seq IS NULL
                 OR EXISTS (SELECT 1 FROM inserted i
                            WHERE i.run_id = e.run_id AND i.seq = e.after_seq))
          RETURNING r.run_id),
      ended AS (
          SELECT run_id FROM finished
          UNION ALL
          SELECT run_id FROM created WHERE status <> 'RUNNING'),
      changed AS (
          SELECT run_id FROM inserted
          UNION
          SELECT run_id FROM ended),
      notified AS (
          SELECT pg_notify(%1$s, json_build_object('runId', run_id)::text) FROM changed)
      SELECT 'step' AS what, run_id, step_path, NULL::bigint AS epoch,
             NULL::timestamptz AS started_at, NULL::boolean AS created
      FROM inserted
      UNION ALL
      SELECT 'open', run_id, NULL, owner_epoch, started_at, created FROM claimed
      UNION ALL
      SELECT 'open', run_id, NULL, 1, started_at, true FROM created
      UNION ALL
      SELECT 'end', run_id, NULL, NULL, NULL, NULL FROM ended
      UNION ALL
      SELECT 'notified', NULL, NULL, count(*), NULL, NULL FROM notified
      """
          .formatted(
              CheckpointChannel.OF_CURRENT_SCHEMA,
              ClaimStatement.OPEN_RUNS,
              RunFence.FENCED,
              ClaimStatement.CREATE_RUNS);

  private static final String COMMITTED_HASH =
      "SELECT step_hash FROM step_log WHERE run_id = ? AND step_path = ?";

  /** Runs the batch statement. */
  static Result commit(
      Connection connection,
      List<RunDefinition> opens,
      List<NewRun> creates,
      List<CheckpointWrite.Step> steps,
      List<CheckpointWrite.End> ends)
      throws SQLException {
    List<Object[]> arrays = new ArrayList<>();
    runColumns(arrays, opens);
    runColumns(arrays, creates.stream().map(NewRun::run).toList());
    column(arrays, Boolean[]::new, creates, NewRun::lockInCommit);
    column(arrays, String[]::new, steps, CheckpointWrite.Step::runId);
    column(arrays, Integer[]::new, steps, write -> write.step().seq());
    column(arrays, String[]::new, steps, write -> write.step().path());
    column(arrays, String[]::new, steps, write -> write.step().name());
    column(arrays, String[]::new, steps, write -> write.step().kind());
    column(arrays, String[]::new, steps, CheckpointWrite.Step::input);
    column(arrays, String[]::new, steps, CheckpointWrite.Step::output);
    column(arrays, String[]::new, steps, write -> write.step().stepHash());
    column(arrays, Long[]::new, steps, write -> write.step().durationMs());
    column(arrays, Integer[]::new, steps, write -> write.step().attempts());
    column(arrays, String[]::new, steps, CheckpointWrite.Step::external);
    column(arrays, String[]::new, steps, write -> write.step().plugin());
    column(arrays, Long[]::new, steps, CheckpointWrite.Step::epoch);
    column(arrays, String[]::new, ends, CheckpointWrite.End::runId);
    column(arrays, String[]::new, ends, end -> end.outcome().status().name());
    column(arrays, String[]::new, ends, end -> end.outcome().workflowHash());
    column(arrays, String[]::new, ends, end -> end.outcome().errorCode());
    column(arrays, String[]::new, ends, end -> end.outcome().errorMessage());
    column(arrays, String[]::new, ends, end -> end.outcome().failedStep());
    column(arrays, Integer[]::new, ends, CheckpointWrite.End::afterSeq);
    column(arrays, Long[]::new, ends, CheckpointWrite.End::epoch);
    Set<String> inserted = new HashSet<>();
    Map<String, Claim> claims = new HashMap<>();
    Set<String> finished = new HashSet<>();
    try (PreparedStatement commit = connection.prepareStatement(COMMIT_BATCH)) {
      for (int i = 0; i < arrays.size(); i++) {
        commit.setObject(i + 1, arrays.get(i));
      }
      try (ResultSet rows = commit.executeQuery()) {
        while (rows.next()) {
          String runId = rows.getString("run_id");
          switch (rows.getString("what")) {
            case "step" -> inserted.add(runId + "/" + rows.getString("step_path"));
            case "open" ->
                claims.put(
                    runId,
                    new Claim(
                        rows.getLong("epoch"),
                        rows.getTimestamp("started_at").toInstant(),
                        rows.getBoolean("created")));
            case "end" -> finished.add(runId);
            default -> {} // the count that makes the notifications happen
          }
        }
      }
    }
    return new Result(inserted, claims, finished);
  }

  /** Adds the array parameters of runs to open or create. */
  private static void runColumns(List<Object[]> arrays, List<RunDefinition> runs) {
    column(arrays, String[]::new, runs, RunDefinition::runId);
    column(arrays, String[]::new, runs, RunDefinition::namespace);
    column(arrays, String[]::new, runs, RunDefinition::name);
    column(arrays, String[]::new, runs, RunDefinition::workflowType);
    column(arrays, Long[]::new, runs, RunDefinition::seed);
    column(arrays, String[]::new, runs, RunDefinition::definitionHash);
    column(arrays, String[]::new, runs, RunDefinition::definition);
    column(arrays, Integer[]::new, runs, RunDefinition::stepCount);
    column(arrays, String[]::new, runs, run -> run.startedAt().toString());
  }

  /**
   * Adds one array parameter: {@code value} of each write, in a Java array of its element type. The
   * driver sends such an array in PostgreSQL's binary form: nothing to escape into an array literal
   * here and parse there, which took a sixth of the durable benchmark's throughput.
   */
  private static <T> void column(
      List<Object[]> arrays, IntFunction<Object[]> newArray, List<T> writes, Function<T, ?> value) {
    arrays.add(writes.stream().map(value).toArray(newArray));
  }

  /** The hash a step was committed with; null when the run has no such step. */
  static String committedHash(Connection connection, String runId, String path)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(COMMITTED_HASH)) {
      select.setString(1, runId);
      select.setString(2, path);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }

  private BatchStatement() {}
}
