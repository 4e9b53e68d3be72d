package io.shadowflow.operator.workflow;

import static io.shadowflow.engine.testing.GoldenRecords.inWorkflow;
import static io.shadowflow.engine.testing.GoldenRecords.renamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shadowflow.api.Workflow;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.golden.GoldenRecord;
import io.shadowflow.engine.golden.PostgresGoldenStore;
import io.shadowflow.engine.golden.RecordingExecutor;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A Workflow's golden retention is applied by the operator, with nobody running {@code golden
 * prune}: at once, and again on its interval as records age; other Workflows' records stay.
 */
class GoldenPruningTest {
  private static final List<String> RUN_IDS =
      IntStream.range(0, 4).mapToObj(i -> "run-" + i).toList();

  @Test
  void theOperatorPrunesAWorkflowsGoldenRecordsByCountAndByAge() throws Exception {
    try (OperatorHarness harness = new OperatorHarness("--golden-prune-interval", "1s")) {
      PostgresGoldenStore store = new PostgresGoldenStore(harness.database().dataSource());
      GoldenRecord base =
          new RecordingExecutor(WorkflowExecutor.defaultHttpClient())
              .run(Manifests.compileExample("reference-workflow.yaml"));
      for (int i = 0; i < RUN_IDS.size(); i++) {
        store.record(
            inWorkflow(renamed(base, RUN_IDS.get(i), i), OperatorHarness.NAMESPACE, "kept"));
      }
      store.record(inWorkflow(renamed(base, "other-0", 0), OperatorHarness.NAMESPACE, "other"));

      harness.create(
          Manifests.workflowYaml("kept", "- {name: a, kind: transform, expr: '1'}")
              .replace("spec:\n", "spec:\n  golden: {maxCount: 2}\n"));

      await().until(() -> store.findAll(RUN_IDS).keySet(), kept -> kept.size() == 2);
      assertThat(store.findAll(RUN_IDS)).containsOnlyKeys("run-2", "run-3");
      await()
          .until(
              () ->
                  harness.events("kept").stream()
                      .anyMatch(
                          e ->
                              "GoldenPruned".equals(e.getReason())
                                  && e.getMessage().startsWith("removed 2 golden record(s)")));
      harness.edit(
          Workflow.class,
          "kept",
          workflow -> {
            workflow.getSpec().golden.maxAge = "1s";
            return workflow;
          });
      // The rescheduled reconcile prunes the records once they are older than maxAge.
      await().atMost(Duration.ofSeconds(30)).until(() -> store.findAll(RUN_IDS).isEmpty());
      assertThat(store.findAll(List.of("other-0"))).containsOnlyKeys("other-0");
    }
  }
}
