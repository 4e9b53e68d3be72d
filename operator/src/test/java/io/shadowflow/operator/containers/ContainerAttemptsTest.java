package io.shadowflow.operator.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.TenantRoles;
import io.shadowflow.engine.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An engine of one namespace can neither have the operator start a pod in another nor keep
 * another's engine from asking for one: row-level security lets it write a container step row
 * naming another namespace's run (a foreign key is checked by the database, not by the policy),
 * even under that run's next key; the key is unique only within a namespace, and the operator
 * leaves the row alone.
 */
class ContainerAttemptsTest {
  private static final String A = "team-a";
  private static final String B = "team-b";

  private final Database database = TestDatabase.fresh();
  private final String schema = database.config().schema();
  private final TenantRoles roles = new TenantRoles(database.dataSource(), schema);

  @AfterEach
  void close() {
    roles.remove(A);
    roles.remove(B);
    database.close();
  }

  @Test
  void aRowAnotherNamespacesEngineWroteForThisRunNeitherStartsAPodNorBlocksTheRunsOwn()
      throws SQLException {
    TenantRoles.Credentials a = roles.provision(A);
    TenantRoles.Credentials b = roles.provision(B);
    openRun("run-a", A);
    openRun("run-b", B);

    // Namespace A's engine names B's run, under the key B's engine uses next.
    insertAs(a, "run-b/steps/0#1", "run-b");
    insertAs(b, "run-b/steps/0#1", "run-b");

    assertThat(new ContainerAttempts(database.dataSource()).open("run_id", "run-b", B))
        .extracting(ContainerAttempt::namespace)
        .containsExactly(B);
  }

  private void openRun(String runId, String namespace) throws SQLException {
    try (Connection owner = database.dataSource().getConnection();
        Statement insert = owner.createStatement()) {
      insert.execute(
          "INSERT INTO runs (run_id, namespace, name, workflow_type, seed, definition_hash,"
              + " definition, step_count, started_at) VALUES ('"
              + runId
              + "', '"
              + namespace
              + "', 'wf', 'boxed', 1, repeat('0', 64), '{}', 1, now())");
    }
  }

  /** What an engine of {@code tenant}'s namespace may write with its own database role. */
  private void insertAs(TenantRoles.Credentials tenant, String key, String runId)
      throws SQLException {
    try (Connection engine =
            DriverManager.getConnection(
                TestDatabase.urlWithoutUser(), tenant.role(), tenant.password());
        Statement insert = engine.createStatement()) {
      insert.execute("SET search_path TO \"" + schema + "\"");
      insert.execute(
          "INSERT INTO container_steps (attempt_key, namespace, run_id, request) VALUES ('"
              + key
              + "', '"
              + tenant.namespace()
              + "', '"
              + runId
              + "', '{\"runId\": \""
              + runId
              + "\", \"path\": \"steps/0\", \"label\": \"spec.steps[0]\", \"attempt\": 1,"
              + " \"image\": \"evil:1\", \"command\": [], \"args\": [], \"env\": [],"
              + " \"requests\": {}, \"limits\": {}, \"input\": null, \"timeoutSeconds\": 60}')");
    }
  }
}
