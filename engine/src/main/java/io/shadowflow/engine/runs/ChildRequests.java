package io.shadowflow.engine.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.checkpoint.RunRows;
import io.shadowflow.engine.json.Json;
import java.util.List;
import javax.sql.DataSource;

/**
 * The child workflows a run's engines recorded ({@code child_workflows}): the operator creates a
 * Workflow from each. Their outcomes come back to the run without the operator: the database
 * delivers each when the child's run ends.
 */
public final class ChildRequests {
  private static final String SELECT =
      "SELECT child_name, manifest FROM child_workflows WHERE run_id = ? ORDER BY step_path";

  /**
   * One recorded child.
   *
   * @param manifest the child's Workflow manifest, as the parent's engine made it
   */
  public record ChildRequest(String name, JsonNode manifest) {}

  private final DataSource dataSource;

  public ChildRequests(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The children of run {@code runId}. */
  public List<ChildRequest> of(String runId) {
    return RunRows.list(
        dataSource,
        SELECT,
        runId,
        row -> new ChildRequest(row.getString(1), Json.parse(row.getString(2))));
  }
}
