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
   * What a store came to, in one statement.
   *
   * @param runStatus the run's status (RUNNING, SUCCEEDED, FAILED), null when there is no run
   * @param deliveredBy the delivery whose signal the run holds now, null when none
   */
  public record Stored(String runStatus, String deliveredBy) {
    public boolean runRunning() {
      return "RUNNING".equals(runStatus);
    }
  }

  /**
   * Stores a signal for a run that is still running, unless it has one of that name.
   *
   * @param deliveredBy names this delivery; storing again with the same name is not a second
   *     delivery: the run holds the signal of {@code deliveredBy} then, whatever its status now
   */
  public Stored store(String runId, String name, JsonNode payload, String deliveredBy) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "WITH run AS (SELECT run_id, status FROM runs WHERE run_id = ?),"
                    + " stored AS (INSERT INTO signals (run_id, name, payload, delivered_by)"
                    + " SELECT run_id, ?, ?, ? FROM run WHERE status = 'RUNNING'"
                    + " ON CONFLICT DO NOTHING RETURNING delivered_by)"
                    // The statement's snapshot does not see its own insert: stored comes first.
                    + " SELECT (SELECT status FROM run), coalesce((SELECT delivered_by FROM stored),"
                    + " (SELECT delivered_by FROM signals WHERE run_id = ? AND name = ?))")) {
      insert.setString(1, runId);
      insert.setString(2, name);
      insert.setString(3, CanonicalJson.of(payload));
      insert.setString(4, deliveredBy);
      insert.setString(5, runId);
      insert.setString(6, name);
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return new Stored(row.getString(1), row.getString(2));
      }
    } catch (SQLException e) {
      throw SqlFailures.of("storing signal " + name + " of run " + runId, e);
    }
  }
}
