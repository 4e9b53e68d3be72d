package io.shadowflow.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shadowflow.api.Phase;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.testing.EnginePod;
import io.shadowflow.operator.testing.OperatorHarness;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC grants exactly what the operator asks of the API server: the operator runs
 * against the mock server through Workflows and ShadowRuns created, scaled, edited and deleted,
 * with leader election on; every request of its client is recorded and compared with the rules.
 */
class RbacMatchesRecordedRunTest {

  @Test
  void chartRbacGrantsExactlyWhatTheOperatorRequests() {
    TreeSet<Chart.Grant> used;
    try (OperatorHarness harness =
        new OperatorHarness(
            "--leader-election",
            "--lease-namespace",
            OperatorHarness.NAMESPACE,
            "--identity",
            "operator-0",
            "--resync",
            "1s")) {
      scenario(harness);
      used =
          harness.takeRequests().stream()
              .filter(r -> "operator".equals(r.getHeaders().header(OperatorHarness.CLIENT_HEADER)))
              .map(ApiRequest::grant)
              .flatMap(java.util.Optional::stream)
              .collect(
                  Collectors.toCollection(
                      () -> new TreeSet<>(java.util.Comparator.comparing(Chart.Grant::toString))));
    }
    Set<Chart.Grant> granted = new TreeSet<>(java.util.Comparator.comparing(Chart.Grant::toString));
    granted.addAll(Chart.render(Map.of("operator.replicas", 2)).grants());
    assertThat(used).as("requested by the operator, not granted by the chart").isSubsetOf(granted);
    assertThat(granted)
        .as("granted by the chart, never requested by the operator")
        .isSubsetOf(used);
  }

  private static void scenario(OperatorHarness harness) {
    harness.create(Manifests.workflowYaml("orders", "- {name: a, kind: random, uuid: true}"));
    String firstJob = harness.awaitJob("orders", j -> true).getMetadata().getName();
    scale(harness, "orders", 0);
    harness.awaitWorkflow("orders", w -> w.getStatus().phase == Phase.Suspended);
    scale(harness, "orders", 1);
    EnginePod.run(harness.awaitJob("orders", j -> true), harness.database().config().jdbcUrl());
    harness.awaitWorkflow("orders", w -> w.getStatus().phase == Phase.Succeeded);
    harness.createShadowRun(Scenario.SHADOW_RUN);
    await().until(() -> !harness.workerJobs("nightly").isEmpty());
    // A Workflow edit starts a new run of it; a new worker count re-shards the ShadowRun's cycle
    // in a new Job, with the edited Workflow's manifest (a ConfigMap patch).
    editWorkflow(
        harness,
        "orders",
        w -> {
          w.getSpec().seed = 43L;
          w.getSpec().input.put("item", "sku-8");
        });
    await()
        .until(
            () ->
                harness.jobs("orders").stream()
                    .noneMatch(j -> j.getMetadata().getName().equals(firstJob)));
    harness.edit(
        ShadowRun.class,
        "nightly",
        sr -> {
          sr.getSpec().workers = 3;
          return sr;
        });
    await()
        .until(
            () ->
                harness.workerJobs("nightly").stream()
                        .anyMatch(j -> j.getSpec().getParallelism() == 3)
                    && harness
                        .client()
                        .configMaps()
                        .inNamespace(OperatorHarness.NAMESPACE)
                        .list()
                        .getItems()
                        .stream()
                        .anyMatch(
                            m -> m.getData().values().stream().anyMatch(v -> v.contains("sku-8"))));
    harness.create(Manifests.workflowYaml("broken", "- {name: a, kind: nosuchkind}"));
    harness.awaitWorkflow("broken", w -> w.getStatus().phase == Phase.Failed);
    harness.delete(ShadowRun.class, "nightly");
    harness.delete(Workflow.class, "orders");
    harness.delete(Workflow.class, "broken");
    await().until(() -> harness.workflow("orders") == null && harness.workflow("broken") == null);
    // The namespace's last Workflow gone, the operator removes the engine Secret it provisioned.
    await()
        .until(
            () ->
                harness
                    .client()
                    .secrets()
                    .inNamespace(OperatorHarness.NAMESPACE)
                    .list()
                    .getItems()
                    .isEmpty());
  }

  /** Edits race with the operator's own patches (409): read again and retry, as kubectl does. */
  private static void scale(OperatorHarness harness, String name, int replicas) {
    editWorkflow(harness, name, w -> w.getSpec().replicas = replicas);
  }

  private static void editWorkflow(
      OperatorHarness harness, String name, java.util.function.Consumer<Workflow> change) {
    harness.edit(
        Workflow.class,
        name,
        w -> {
          change.accept(w);
          return w;
        });
  }
}
