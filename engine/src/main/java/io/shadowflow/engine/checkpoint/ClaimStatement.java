package io.shadowflow.engine.checkpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The session advisory locks that make a process the owner of its runs. They are held by the commit
 * writer's connection, so they last exactly as long as the session that writes the run's
 * checkpoints: a process that dies, or loses its connection, lets go of its runs at once. The key
 * carries the search path (the schema), so runs of two schemas (two installations, or tests) never
 * share a lock.
 */
final class ClaimStatement {
  private static final String KEY = key("run_id");

  /**
   * Takes the locks no other session holds, and says for each run taken whether its row is stored.
   * The row is read in the statement's snapshot, made before the lock was taken: a run another
   * process stored and let go of in between reads as new, and this process's insert-only creation
   * of it is then refused, never applied twice. A scalar subquery, not EXISTS: the writer's generic
   * plan hashed all of {@code runs} for an EXISTS.
   */
  private static final String LOCK =
      """
      SELECT run_id, (SELECT true FROM runs r WHERE r.run_id = u.run_id) IS NOT NULL AS stored
      FROM unnest(?::text[]) AS u(run_id) WHERE pg_try_advisory_lock(%s)"""
          .formatted(KEY);

  private static final String UNLOCK =
      "SELECT pg_advisory_unlock(" + KEY + ") FROM unnest(?::text[]) AS run_id";

  /**
   * The runs the batch statement opens (a stored run) and creates (a new one, see {@link
   * #CREATE_RUNS}), and the upsert that opens: a running run has its epoch raised and is no longer
   * parked (an engine holds it again), a finished one is left alone (and returns no row). A run
   * stored since the lock was taken is created with epoch 1.
   */
  static final String OPEN_RUNS =
      """
      opens AS (
          SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[],
                               ?::text[], ?::int[], ?::timestamptz[])
              AS o(run_id, namespace, name, workflow_type, seed, definition_hash, definition,
                   step_count, started_at)),
      creates AS (
          SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[],
                               ?::text[], ?::int[], ?::timestamptz[], ?::boolean[])
              AS c(run_id, namespace, name, workflow_type, seed, definition_hash, definition,
                   step_count, started_at, lock_in_commit)),
      claimed AS (
          INSERT INTO runs AS r (run_id, namespace, name, workflow_type, seed, definition_hash,
                                 definition, step_count, started_at, owner_epoch)
          SELECT run_id, namespace, name, workflow_type, seed, definition_hash, definition::jsonb,
                 step_count, started_at, 1
          FROM opens
          ON CONFLICT (run_id) DO UPDATE SET owner_epoch = r.owner_epoch + 1, updated_at = now(),
                                             parked_at = NULL, parked_signals = NULL,
                                             parked_until = NULL
              WHERE r.status = 'RUNNING'
          RETURNING r.run_id, r.owner_epoch, r.started_at, r.xmax = 0 AS created)""";

  /**
   * The insert that stores new runs with their first commit, given CTE {@code ends}: with epoch 1,
   * and ended already when the batch carries the run's end (written by the creating process with
   * epoch {@link OwnedRuns#CREATING}). Insert only: a run another process stored meanwhile is not
   * touched, and returns no row, so that process's writes are never taken from this one; nor is a
   * run whose lock the commit was to take and another session holds.
   */
  static final String CREATE_RUNS =
      """
      created AS (
          INSERT INTO runs AS r (run_id, namespace, name, workflow_type, seed, definition_hash,
                                 definition, step_count, started_at, owner_epoch, status,
                                 workflow_hash, error_code, error_message, failed_step, finished_at)
          SELECT c.run_id, c.namespace, c.name, c.workflow_type, c.seed, c.definition_hash,
                 c.definition::jsonb, c.step_count, c.started_at, 1, coalesce(e.status, 'RUNNING'),
                 e.workflow_hash, e.error_code, e.error_message, e.failed_step,
                 CASE WHEN e.run_id IS NOT NULL THEN now() END
          FROM creates c LEFT JOIN ends e ON e.run_id = c.run_id AND e.epoch = %d
          WHERE NOT c.lock_in_commit OR pg_try_advisory_xact_lock(%s)
          ON CONFLICT (run_id) DO NOTHING
          RETURNING r.run_id, r.status, r.started_at)"""
          .formatted(OwnedRuns.CREATING, key("c.run_id"));

  private ClaimStatement() {}

  /** The lock key of the run whose id is {@code runId}, an SQL expression. */
  private static String key(String runId) {
    return "hashtextextended(current_setting('search_path') || '/' || " + runId + ", 0)";
  }

  /**
   * Takes the locks of the runs no other session holds; returns those runs, each with whether its
   * row is stored.
   */
  static Map<String, Boolean> lock(Connection connection, List<String> runIds) throws SQLException {
    Map<String, Boolean> locked = new HashMap<>();
    try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
      lock.setObject(1, runIds.toArray(String[]::new));
      try (ResultSet rows = lock.executeQuery()) {
        while (rows.next()) {
          locked.put(rows.getString("run_id"), rows.getBoolean("stored"));
        }
      }
    }
    return locked;
  }

  static void unlock(Connection connection, List<String> runIds) throws SQLException {
    try (PreparedStatement unlock = connection.prepareStatement(UNLOCK)) {
      unlock.setObject(1, runIds.toArray(String[]::new));
      unlock.executeQuery().close();
    }
  }
}
