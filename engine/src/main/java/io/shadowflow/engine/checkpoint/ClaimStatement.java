package io.shadowflow.engine.checkpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The session advisory locks that make a process the owner of its runs. They are held by the commit
 * writer's connection, so they last exactly as long as the session that writes the run's
 * checkpoints: a process that dies, or loses its connection, lets go of its runs at once. The key
 * carries the search path (the schema), so runs of two schemas (two installations, or tests) never
 * share a lock.
 */
final class ClaimStatement {
  private static final String KEY =
      "hashtextextended(current_setting('search_path') || '/' || run_id, 0)";
  private static final String LOCK =
      "SELECT run_id FROM unnest(?::text[]) AS run_id WHERE pg_try_advisory_lock(" + KEY + ")";
  private static final String UNLOCK =
      "SELECT pg_advisory_unlock(" + KEY + ") FROM unnest(?::text[]) AS run_id";

  /**
   * The upsert that opens runs in the batch statement: a new run is created with epoch 1, a running
   * one has its epoch raised and is no longer parked (an engine holds it again), a finished one is
   * left alone (and returns no row).
   */
  static final String OPEN_RUNS =
      """
      opens AS (
          SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[],
                               ?::text[], ?::int[], ?::timestamptz[])
              AS o(run_id, namespace, name, workflow_type, seed, definition_hash, definition,
                   step_count, started_at)),
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

  private ClaimStatement() {}

  /** Takes the locks of the runs no other session holds; returns those runs. */
  static Set<String> lock(Connection connection, List<String> runIds) throws SQLException {
    Set<String> locked = new HashSet<>();
    try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
      lock.setArray(1, connection.createArrayOf("text", runIds.toArray()));
      try (ResultSet rows = lock.executeQuery()) {
        while (rows.next()) {
          locked.add(rows.getString(1));
        }
      }
    }
    return locked;
  }

  static void unlock(Connection connection, List<String> runIds) throws SQLException {
    try (PreparedStatement unlock = connection.prepareStatement(UNLOCK)) {
      unlock.setArray(1, connection.createArrayOf("text", runIds.toArray()));
      unlock.executeQuery().close();
    }
  }
}
