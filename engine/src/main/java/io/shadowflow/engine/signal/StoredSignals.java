package io.shadowflow.engine.signal;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.checkpoint.SqlFailures;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Signals delivered to runs, in the {@code signals} table: one per run and name, never replaced, so
 * a second delivery of a signal changes nothing.
 */
public final class StoredSignals implements SignalBox {
  private final DataSource dataSource;

  public StoredSignals(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Optional<JsonNode> find(String runId, String name) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT payload FROM signals WHERE run_id = ? AND name = ?")) {
      select.setString(1, runId);
      select.setString(2, name);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(Json.parse(row.getString(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlFailures.of("reading signal " + name + " of run " + runId, e);
    }
  }

  /**
   * Stores a signal for a run that is still running, unless it has one of that name.
   *
   * @param deliveredBy names this delivery; storing again with the same name is not a second
   *     delivery
   * @return whether the run now holds the signal of this delivery: false when the run is not
   *     running, or holds another delivery's signal
   */
  public boolean store(String runId, String name, JsonNode payload, String deliveredBy) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "WITH stored AS (INSERT INTO signals (run_id, name, payload, delivered_by)"
                    + " SELECT run_id, ?, ?, ? FROM runs WHERE run_id = ? AND status = 'RUNNING'"
                    + " ON CONFLICT DO NOTHING RETURNING delivered_by)"
                    + " SELECT delivered_by FROM stored UNION ALL"
                    + " SELECT delivered_by FROM signals WHERE run_id = ? AND name = ?")) {
      insert.setString(1, name);
      insert.setString(2, CanonicalJson.of(payload));
      insert.setString(3, deliveredBy);
      insert.setString(4, runId);
      insert.setString(5, runId);
      insert.setString(6, name);
      try (ResultSet row = insert.executeQuery()) {
        return row.next() && deliveredBy.equals(row.getString(1));
      }
    } catch (SQLException e) {
      throw SqlFailures.of("storing signal " + name + " of run " + runId, e);
    }
  }
}
