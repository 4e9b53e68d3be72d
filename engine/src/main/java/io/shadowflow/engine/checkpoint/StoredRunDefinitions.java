package io.shadowflow.engine.checkpoint;

import java.util.Optional;
import javax.sql.DataSource;

/** Reads what a run is from its row, so a process told only a run id can execute it. */
public final class StoredRunDefinitions {
  private static final String SELECT =
      """
      SELECT run_id, namespace, name, workflow_type, seed, definition_hash, definition::text,
             step_count, started_at
      FROM runs WHERE run_id = ?
      """;

  private final DataSource dataSource;

  public StoredRunDefinitions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The definition the run was opened with, if the run exists. */
  public Optional<RunDefinition> find(String runId) {
    return RunRows.find(
        dataSource,
        SELECT,
        runId,
        row ->
            new RunDefinition(
                row.getString("run_id"),
                row.getString("namespace"),
                row.getString("name"),
                row.getString("workflow_type"),
                row.getLong("seed"),
                row.getString("definition_hash"),
                row.getString("definition"),
                row.getInt("step_count"),
                row.getTimestamp("started_at").toInstant()));
  }
}
