package io.shadowflow.engine.checkpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The statement that commits a batch of checkpoints and run ends: one round trip and one commit for
 * the whole batch, one NOTIFY for each new checkpoint and each end, in the same transaction.
 */
final class BatchStatement {
  /** One statement, so one round trip and one commit, for every write of a batch. */
  private static final String COMMIT_BATCH =
      """
      WITH steps AS (
          SELECT * FROM unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[],
                               ?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[])
              AS b(run_id, seq, step_path, step_name, kind, input, output, step_hash,
                   duration_ms, attempts, external)),
      inserted AS (
          INSERT INTO step_log (run_id, seq, step_path, step_name, kind, input, output, step_hash,
                                duration_ms, attempts, external)
          SELECT * FROM steps
          ON CONFLICT DO NOTHING
          RETURNING run_id, seq, step_path, step_name),
      progressed AS (
          SELECT i.run_id, r.namespace, r.name, i.seq, i.step_path, i.step_name
          FROM inserted i JOIN runs r ON r.run_id = i.run_id),
      ends AS (
          SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                               ?::int[])
              AS e(run_id, status, workflow_hash, error_code, error_message, failed_step,
                   after_seq)),
      finished AS (
          UPDATE runs r SET status = e.status, workflow_hash = e.workflow_hash,
                            error_code = e.error_code, error_message = e.error_message,
                            failed_step = e.failed_step, finished_at = now(), updated_at = now()
          FROM ends e
          WHERE r.run_id = e.run_id AND r.status = 'RUNNING'
            AND (e.after_seq IS NULL
                 OR EXISTS (SELECT 1 FROM inserted i
                            WHERE i.run_id = e.run_id AND i.seq = e.after_seq))
          RETURNING r.run_id, r.namespace, r.name, r.status),
      notified AS (
          SELECT pg_notify('%1$s', json_build_object('runId', run_id, 'namespace', namespace,
                           'name', name, 'seq', seq, 'path', step_path, 'step', step_name)::text)
          FROM progressed
          UNION ALL
          SELECT pg_notify('%1$s', json_build_object('runId', run_id, 'namespace', namespace,
                           'name', name, 'status', status)::text)
          FROM finished)
      SELECT i.run_id, i.step_path, (SELECT count(*) FROM notified) AS notifications
      FROM inserted i
      UNION ALL
      SELECT NULL, NULL, (SELECT count(*) FROM notified)
      """
          .formatted(CheckpointChannel.NAME);

  private static final String COMMITTED_HASH =
      "SELECT step_hash FROM step_log WHERE run_id = ? AND step_path = ?";

  /** Runs the batch statement; returns the {@code run_id/step_path} of the steps that were new. */
  static Set<String> commit(
      Connection connection, List<CheckpointWrite.Step> steps, List<CheckpointWrite.End> ends)
      throws SQLException {
    int n = steps.size();
    String[] runIds = new String[n],
        paths = new String[n],
        names = new String[n],
        kinds = new String[n];
    String[] inputs = new String[n], outputs = new String[n], hashes = new String[n];
    String[] externals = new String[n];
    Integer[] seqs = new Integer[n], attempts = new Integer[n];
    Long[] durations = new Long[n];
    for (int i = 0; i < n; i++) {
      CheckpointWrite.Step write = steps.get(i);
      StepRecord step = write.step();
      runIds[i] = write.runId();
      seqs[i] = step.seq();
      paths[i] = step.path();
      names[i] = step.name();
      kinds[i] = step.kind();
      inputs[i] = write.input();
      outputs[i] = write.output();
      hashes[i] = step.stepHash();
      durations[i] = step.durationMs();
      attempts[i] = step.attempts();
      externals[i] = write.external();
    }
    int m = ends.size();
    String[] endRunIds = new String[m], statuses = new String[m], workflowHashes = new String[m];
    String[] codes = new String[m], messages = new String[m], failedSteps = new String[m];
    Integer[] afterSeqs = new Integer[m];
    for (int i = 0; i < m; i++) {
      RunOutcome outcome = ends.get(i).outcome();
      endRunIds[i] = ends.get(i).runId();
      afterSeqs[i] = ends.get(i).afterSeq();
      statuses[i] = outcome.status().name();
      workflowHashes[i] = outcome.workflowHash();
      codes[i] = outcome.errorCode();
      messages[i] = outcome.errorMessage();
      failedSteps[i] = outcome.failedStep();
    }
    Set<String> inserted = new HashSet<>();
    try (PreparedStatement commit = connection.prepareStatement(COMMIT_BATCH)) {
      Object[][] arrays = {
        runIds,
        seqs,
        paths,
        names,
        kinds,
        inputs,
        outputs,
        hashes,
        durations,
        attempts,
        externals,
        endRunIds,
        statuses,
        workflowHashes,
        codes,
        messages,
        failedSteps,
        afterSeqs
      };
      String[] types = {
        "text", "int4", "text", "text", "text", "text", "text", "text", "int8", "int4", "text",
        "text", "text", "text", "text", "text", "text", "int4"
      };
      for (int i = 0; i < arrays.length; i++) {
        commit.setArray(i + 1, connection.createArrayOf(types[i], arrays[i]));
      }
      try (ResultSet rows = commit.executeQuery()) {
        while (rows.next()) {
          if (rows.getString(1) != null) {
            inserted.add(rows.getString(1) + "/" + rows.getString(2));
          }
        }
      }
    }
    return inserted;
  }

  /**
   * The hash a step was committed with.
   *
   * @throws SQLException with SQLState 02000 when the run has no such step
   */
  static String committedHash(Connection connection, String runId, String path)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(COMMITTED_HASH)) {
      select.setString(1, runId);
      select.setString(2, path);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new SQLException("run " + runId + " has no step " + path, "02000");
        }
        return row.getString(1);
      }
    }
  }

  private BatchStatement() {}
}
