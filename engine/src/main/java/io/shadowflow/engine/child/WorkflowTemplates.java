package io.shadowflow.engine.child;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.shadowflow.engine.checkpoint.SqlFailures;
import io.shadowflow.engine.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The Workflows that children name as their template ({@code workflowRef}), as their latest run in
 * this database defines them: the operator allocates a run for every Workflow it sees, and the CLI
 * for every manifest it runs. A tenant's database role reads its own namespace's runs only, so a
 * child never takes its steps from another namespace.
 */
public final class WorkflowTemplates {
  private static final String LATEST =
      "SELECT definition -> 'steps' FROM runs WHERE namespace = ? AND name = ?"
          + " ORDER BY started_at DESC LIMIT 1";

  private final DataSource dataSource;

  public WorkflowTemplates(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The steps of Workflow {@code name} of {@code namespace}; empty when it never ran here. */
  public Optional<ArrayNode> steps(String namespace, String name) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(LATEST)) {
      select.setString(1, namespace);
      select.setString(2, name);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        JsonNode steps = Json.parse(row.getString(1));
        return steps.isArray() ? Optional.of((ArrayNode) steps) : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlFailures.of("reading the steps of Workflow " + namespace + "/" + name, e);
    }
  }
}
