package io.shadowflow.engine.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.checkpoint.SqlFailures;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.run.EngineBuild;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Golden records in PostgreSQL. A batch is inserted with one multi-row statement that skips run ids
 * already stored, and the skipped ones are read back for comparison in the same transaction: no
 * check-then-write window, and the first writer's record is never touched.
 */
public final class PostgresGoldenStore implements GoldenStore {
  private static final int BATCH = 1_000;
  private static final String COLUMNS =
      "run_id, namespace, name, workflow_type, seed, definition_hash, steps, success, error_code,"
          + " failed_step, failed_step_external, workflow_hash, engine_version, engine_commit,"
          + " fault_plan";
  private static final String INSERT =
      "INSERT INTO golden_records ("
          + COLUMNS
          + ") SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[],"
          + " ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[],"
          + " ?::text[], ?::text[], ?::text[])"
          + " ON CONFLICT (run_id) DO NOTHING RETURNING run_id";
  private static final String SELECT =
      "SELECT " + COLUMNS + ", recorded_at FROM golden_records WHERE run_id = ANY(?)";
  private static final String PRUNE =
      """
      DELETE FROM golden_records g
      USING (SELECT run_id, recorded_at,
                    row_number() OVER (PARTITION BY namespace, name
                                       ORDER BY recorded_at DESC, run_id) AS newest
             FROM golden_records
             WHERE (?::text IS NULL OR (namespace = ? AND name = ?))) r
      WHERE g.run_id = r.run_id
        AND (r.recorded_at < now() - ?::bigint * interval '1 millisecond'
             OR r.newest > ?::bigint)
      """;

  private final DataSource dataSource;

  public PostgresGoldenStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public List<GoldenWrite> recordAll(List<GoldenRecord> records) {
    List<GoldenWrite> writes = new ArrayList<>(records.size());
    for (int from = 0; from < records.size(); from += BATCH) {
      writes.addAll(recordBatch(records.subList(from, Math.min(records.size(), from + BATCH))));
    }
    return writes;
  }

  private List<GoldenWrite> recordBatch(List<GoldenRecord> records) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Set<String> inserted = insert(connection, records);
        List<String> skipped =
            records.stream().map(GoldenRecord::runId).filter(id -> !inserted.contains(id)).toList();
        Map<String, GoldenRecord> stored =
            skipped.isEmpty() ? Map.of() : select(connection, skipped);
        connection.commit();
        return records.stream()
            .map(
                r ->
                    inserted.contains(r.runId())
                        ? GoldenWrite.of(r, r, true)
                        : GoldenWrite.of(r, stored.get(r.runId()), false))
            .toList();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw SqlFailures.of("recording " + records.size() + " golden record(s)", e);
    }
  }

  private static Set<String> insert(Connection connection, List<GoldenRecord> records)
      throws SQLException {
    int n = records.size();
    String[][] text = new String[13][n];
    Long[] seeds = new Long[n];
    Boolean[] success = new Boolean[n];
    for (int i = 0; i < n; i++) {
      GoldenRecord r = records.get(i);
      text[0][i] = r.runId();
      text[1][i] = r.namespace();
      text[2][i] = r.name();
      text[3][i] = r.workflowType();
      seeds[i] = r.seed();
      text[4][i] = r.definitionHash();
      text[5][i] = r.stepsJson();
      success[i] = r.success();
      text[6][i] = r.errorCode();
      text[7][i] = r.failedStep();
      text[8][i] = canonicalOrNull(r.failedStepExternal());
      text[9][i] = r.workflowHash();
      text[10][i] = r.build().version();
      text[11][i] = r.build().commit();
      text[12][i] = canonicalOrNull(r.faultPlan());
    }
    Set<String> inserted = new HashSet<>();
    // Typed Java arrays go to PostgreSQL in binary form, with no array literal to parse.
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      int column = 1;
      for (int t = 0; t < 4; t++) {
        insert.setObject(column++, text[t]);
      }
      insert.setObject(column++, seeds);
      insert.setObject(column++, text[4]);
      insert.setObject(column++, text[5]);
      insert.setObject(column++, success);
      for (int t = 6; t < 13; t++) {
        insert.setObject(column++, text[t]);
      }
      try (ResultSet rows = insert.executeQuery()) {
        while (rows.next()) {
          inserted.add(rows.getString(1));
        }
      }
    }
    return inserted;
  }

  private static String canonicalOrNull(JsonNode json) {
    return json == null ? null : CanonicalJson.of(json);
  }

  @Override
  public Map<String, GoldenRecord> findAll(Collection<String> runIds) {
    try (Connection connection = dataSource.getConnection()) {
      return select(connection, runIds);
    } catch (SQLException e) {
      throw SqlFailures.of("reading golden records", e);
    }
  }

  private static Map<String, GoldenRecord> select(Connection connection, Collection<String> runIds)
      throws SQLException {
    Map<String, GoldenRecord> found = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(SELECT)) {
      select.setObject(1, runIds.toArray(String[]::new));
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          GoldenRecord record = read(row);
          found.put(record.runId(), record);
        }
      }
    }
    return found;
  }

  private static GoldenRecord read(ResultSet row) throws SQLException {
    String runId = row.getString("run_id");
    Timestamp recordedAt = row.getTimestamp("recorded_at");
    return new GoldenRecord(
        runId,
        row.getString("namespace"),
        row.getString("name"),
        row.getString("workflow_type"),
        row.getLong("seed"),
        row.getString("definition_hash"),
        new StoredSteps(runId, row.getString("steps")),
        row.getBoolean("success"),
        row.getString("error_code"),
        row.getString("failed_step"),
        parseOrNull(row.getString("failed_step_external")),
        row.getString("workflow_hash"),
        new EngineBuild(row.getString("engine_version"), row.getString("engine_commit")),
        parseOrNull(row.getString("fault_plan")),
        recordedAt == null ? null : recordedAt.toInstant());
  }

  private static JsonNode parseOrNull(String text) {
    return text == null ? null : Json.parse(text);
  }

  /**
   * Deletes what {@code retention} no longer keeps: the library call behind {@code shadowflow
   * golden prune}, and what the operator calls.
   *
   * @return how many records were deleted
   */
  public int prune(GoldenRetention retention) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement prune = connection.prepareStatement(PRUNE)) {
      prune.setString(1, retention.name());
      prune.setString(2, retention.namespace());
      prune.setString(3, retention.name());
      setLongOrNull(prune, 4, retention.maxAge() == null ? null : retention.maxAge().toMillis());
      setLongOrNull(
          prune, 5, retention.maxCount() == null ? null : retention.maxCount().longValue());
      return prune.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailures.of("pruning golden records", e);
    }
  }

  private static void setLongOrNull(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }
}
