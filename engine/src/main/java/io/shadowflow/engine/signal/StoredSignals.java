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
   * Stores a signal for a run that is still running.
   *
   * @return false when the run is not running or already has the signal: nothing changed
   */
  public boolean store(String runId, String name, JsonNode payload) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO signals (run_id, name, payload)"
                    + " SELECT run_id, ?, ? FROM runs WHERE run_id = ? AND status = 'RUNNING'"
                    + " ON CONFLICT DO NOTHING")) {
      insert.setString(1, name);
      insert.setString(2, CanonicalJson.of(payload));
      insert.setString(3, runId);
      return insert.executeUpdate() == 1;
    } catch (SQLException e) {
      throw SqlFailures.of("storing signal " + name + " of run " + runId, e);
    }
  }
}
