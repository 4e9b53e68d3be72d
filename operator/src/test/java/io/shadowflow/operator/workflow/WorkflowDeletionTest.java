package io.shadowflow.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shadowflow.api.Phase;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.runs.RunSummaries;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.testing.EnginePod;
import io.shadowflow.operator.testing.OperatorHarness;
import org.junit.jupiter.api.Test;

class WorkflowDeletionTest {
  /** Creates, runs to the end and deletes a Workflow; returns its run id. */
  private static String runAndDelete(OperatorHarness harness) {
    harness.create(Manifests.workflowYaml("orders", "- {name: a, kind: random, uuid: true}"));
    EnginePod.run(harness.awaitJob("orders", j -> true), harness.database().config().jdbcUrl());
    Workflow done = harness.awaitWorkflow("orders", w -> w.getStatus().phase == Phase.Succeeded);
    assertThat(done.getMetadata().getFinalizers()).isNotEmpty();

    harness.client().resource(done).delete();
    await().until(() -> harness.workflow("orders") == null);
    return done.getStatus().runId;
  }

  @Test
  void deletingAWorkflowKeepsItsRunsByDefault() {
    try (OperatorHarness harness = new OperatorHarness()) {
      String runId = runAndDelete(harness);
      assertThat(new RunSummaries(harness.database().dataSource()).find(runId)).isPresent();
    }
  }

  @Test
  void deletingAWorkflowRemovesItsRunsWhenRetentionIsNone() {
    try (OperatorHarness harness = new OperatorHarness("--retain-runs", "none")) {
      String runId = runAndDelete(harness);
      assertThat(new RunSummaries(harness.database().dataSource()).find(runId)).isEmpty();
    }
  }
}
