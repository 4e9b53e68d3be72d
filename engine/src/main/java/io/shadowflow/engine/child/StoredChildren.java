package io.shadowflow.engine.child;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.shadowflow.engine.checkpoint.SqlFailures;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.StepContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Child workflows the operator runs, as Workflow resources: the engine pod records the child in the
 * {@code child_workflows} table (which tells the operator), then waits for its outcome, which the
 * database delivers to the run as a signal when the child's run ends. A long wait parks the parent.
 */
public final class StoredChildren implements ChildWorkflows {
  private final DataSource dataSource;
  private final WorkflowTemplates templates;
  private final WorkflowCompiler compiler = new WorkflowCompiler();

  public StoredChildren(DataSource dataSource) {
    this.dataSource = dataSource;
    this.templates = new WorkflowTemplates(dataSource);
  }

  @Override
  public Optional<ArrayNode> templateSteps(String namespace, String name) {
    return templates.steps(namespace, name);
  }

  @Override
  public JsonNode run(ChildWorkflow child, StepContext context) throws InterruptedException {
    // A child the operator could not run (its parent's policy refuses it) fails the step here, as
    // it
    // does in the CLI, instead of leaving the parent waiting for a child that never ends.
    compiler.compile(child.manifest());
    request(child);
    // No due time: a child ends, one way or the other; the parent's own policy bounds its wait.
    return context.awaitSignal(child.signal(), null).orElseThrow();
  }

  /** Records the child once: a resumed parent asks again and changes nothing. */
  private void request(ChildWorkflow child) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO child_workflows (run_id, step_path, child_name, manifest, output_step)"
                    + " VALUES (?, ?, ?, ?::jsonb, ?) ON CONFLICT DO NOTHING")) {
      insert.setString(1, child.parentRunId());
      insert.setString(2, child.stepPath());
      insert.setString(3, child.name());
      insert.setString(4, CanonicalJson.of(child.manifest()));
      insert.setString(5, child.outputStep());
      insert.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailures.of("recording child workflow " + child.name(), e);
    }
  }
}
