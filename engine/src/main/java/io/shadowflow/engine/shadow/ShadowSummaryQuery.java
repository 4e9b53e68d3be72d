package io.shadowflow.engine.shadow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Computes a {@link ShadowSummary} from the stored results: totals from the cycles (finished or
 * not), percentiles from the latest cycle's per-iteration latencies, and the latest mismatch.
 */
final class ShadowSummaryQuery {
  private static final String TOTALS =
      """
      SELECT count(finished_at), coalesce(sum(iterations), 0), coalesce(sum(mismatches), 0),
             coalesce(sum(golden_recorded), 0), max(cycle)
      FROM shadow_cycles WHERE shadow_run_id = ?
      """;
  private static final String LATEST_CYCLE =
      """
      SELECT iterations,
             extract(epoch FROM coalesce(finished_at, clock_timestamp()) - started_at)
      FROM shadow_cycles WHERE shadow_run_id = ? AND cycle = ?
      """;
  private static final String PERCENTILES =
      """
      SELECT percentile_disc(ARRAY[0.5, 0.95, 0.99, 1.0]) WITHIN GROUP (ORDER BY latency)
      FROM shadow_results r, unnest(r.latencies_us) AS latency
      WHERE r.shadow_run_id = ? AND r.cycle = ?
      """;
  private static final String LAST_MISMATCH =
      """
      SELECT cycle, seed, run_id, check_kind, iteration, worker, expected_hash, actual_hash,
             first_diverging_step, expected, actual, report
      FROM shadow_mismatches WHERE shadow_run_id = ? ORDER BY id DESC LIMIT 1
      """;

  private final Connection connection;
  private final String shadowRunId;

  ShadowSummaryQuery(Connection connection, String shadowRunId) {
    this.connection = connection;
    this.shadowRunId = shadowRunId;
  }

  ShadowSummary summary() throws SQLException {
    try (PreparedStatement totals = prepare(TOTALS);
        ResultSet row = totals.executeQuery()) {
      row.next();
      if (row.getObject(5) == null) { // no cycle started yet
        return new ShadowSummary(shadowRunId, 0, 0, 0, 0, null, ShadowSummary.Timings.NONE);
      }
      return new ShadowSummary(
          shadowRunId,
          row.getInt(1),
          row.getLong(2),
          row.getLong(3),
          row.getLong(4),
          lastMismatch(),
          timings(row.getInt(5)));
    }
  }

  private ShadowSummary.Timings timings(int latestCycle) throws SQLException {
    double[] percentiles = new double[4];
    try (PreparedStatement select = prepare(PERCENTILES)) {
      select.setInt(2, latestCycle);
      try (ResultSet row = select.executeQuery()) {
        if (row.next() && row.getArray(1) != null) {
          Integer[] micros = (Integer[]) row.getArray(1).getArray();
          for (int i = 0; i < micros.length; i++) {
            percentiles[i] = micros[i] / 1000.0;
          }
        }
      }
    }
    try (PreparedStatement select = prepare(LATEST_CYCLE)) {
      select.setInt(2, latestCycle);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        long iterations = row.getLong(1);
        double seconds = row.getDouble(2);
        return new ShadowSummary.Timings(
            percentiles[0],
            percentiles[1],
            percentiles[2],
            percentiles[3],
            seconds,
            seconds > 0 ? iterations / seconds : 0);
      }
    }
  }

  private ShadowSummary.LastMismatch lastMismatch() throws SQLException {
    try (PreparedStatement select = prepare(LAST_MISMATCH);
        ResultSet row = select.executeQuery()) {
      if (!row.next()) {
        return null;
      }
      return new ShadowSummary.LastMismatch(
          row.getInt("cycle"),
          row.getLong("seed"),
          row.getString("run_id"),
          row.getString("check_kind"),
          row.getInt("iteration"),
          row.getInt("worker"),
          row.getString("expected_hash"),
          row.getString("actual_hash"),
          row.getString("first_diverging_step"),
          row.getString("expected"),
          row.getString("actual"),
          row.getString("report"));
    }
  }

  /** A statement whose first parameter is the shadow run id. */
  private PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setString(1, shadowRunId);
    return statement;
  }
}
