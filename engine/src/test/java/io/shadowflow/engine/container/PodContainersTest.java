package io.shadowflow.engine.container;

import static io.shadowflow.engine.testing.Manifests.compileYaml;
import static io.shadowflow.engine.testing.Manifests.workflowYaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.testing.PostgresStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine's half of container steps in pods: it asks for each attempt in {@code container_steps}
 * and gives up on it, for the operator to stop the pod, when the attempt times out. (The operator's
 * half, and an engine killed while a step's pod runs, are tested with the operator.)
 */
class PodContainersTest {
  @RegisterExtension final PostgresStore postgres = new PostgresStore();

  @Test
  void anAttemptIsAskedForOnceAndGivenUpWhenItTimesOut() throws Exception {
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                "unanswered",
                """
                - name: step
                  kind: container
                  image: ghcr.io/acme/step:1
                  timeout: 300ms
                  retry: [{errors: [STEP_TIMEOUT], maxAttempts: 2, initialInterval: 10ms}]
                """));
    RunResult result = runWithPods(workflow);

    assertThat(result.errorCode()).isEqualTo("STEP_TIMEOUT");
    assertThat(rows())
        .as("one row per attempt, each given up on; no pod result was invented")
        .containsExactly("steps/0#1 cancelled", "steps/0#2 cancelled");
  }

  @Test
  void anInputTooLargeForAPodFailsBeforeAnythingIsAsked() throws Exception {
    // 20 copies of a 60,000-character string: 1.2 MB of JSON, from a manifest within its limits.
    String copies = String.join(", ", java.util.Collections.nCopies(20, "input.s"));
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                    "huge",
                    "- {name: step, kind: container, image: ghcr.io/acme/step:1, input: '[%s]'}"
                        .formatted(copies))
                .replace("input: {item: sku-7, qty: 3}", "input: {s: " + "x".repeat(60_000) + "}"));
    RunResult result = runWithPods(workflow);

    assertThat(result.errorCode()).isEqualTo("CONTAINER_INPUT_TOO_LARGE");
    assertThat(rows()).isEmpty();
  }

  private RunResult runWithPods(CompiledWorkflow workflow) throws InterruptedException {
    return new WorkflowExecutor(postgres.store())
        .run(
            workflow,
            RunOptions.DEFAULT.withContainers(
                new PodContainers(postgres.database().dataSource(), new PodOwner.Run())),
            ExecutionListener.NONE);
  }

  private List<String> rows() throws SQLException {
    try (Connection connection = postgres.database().dataSource().getConnection();
        Statement select = connection.createStatement();
        ResultSet row =
            select.executeQuery(
                // The key is RUN_ID/PATH#ATTEMPT; the run id holds no '/'.
                "SELECT regexp_replace(attempt_key, '^[^/]*/', ''), cancelled, finished_at"
                    + " FROM container_steps ORDER BY requested_at")) {
      List<String> rows = new ArrayList<>();
      while (row.next()) {
        rows.add(
            row.getString(1)
                + (row.getBoolean(2) ? " cancelled" : "")
                + (row.getTimestamp(3) != null ? " finished" : ""));
      }
      return rows;
    }
  }
}
