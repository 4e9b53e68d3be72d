package io.shadowflow.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.shadowflow.api.Phase;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.testing.EnginePod;
import io.shadowflow.operator.testing.OperatorHarness;
import io.shadowflow.operator.testing.StepPodKubelet;
import io.shadowflow.operator.workflow.EngineJobs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart's RBAC grants exactly what the operator asks of the API server: the operator runs
 * against the mock server through Workflows and ShadowRuns created, scaled, edited and deleted,
 * with leader election on; every request of its client is recorded and compared with the rules.
 */
class RbacMatchesRecordedRunTest {

  /**
   * Cluster-wide, and namespaced ({@code watchNamespaces} gives Roles, the operator watches only
   * those namespaces): either way the rules are exactly what the operator asks for.
   */
  @ParameterizedTest(name = "namespaced: {0}")
  @ValueSource(booleans = {false, true})
  void chartRbacGrantsExactlyWhatTheOperatorRequests(boolean namespaced) throws Exception {
    int consolePort = OperatorHarness.freePort();
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--leader-election",
                "--lease-namespace",
                OperatorHarness.NAMESPACE,
                "--identity",
                "operator-0",
                "--resync",
                "1s",
                "--console-port",
                Integer.toString(consolePort),
                // The parent of the child workflow below parks at once instead of polling.
                "--engine-park-after",
                "0s"));
    Map<String, Object> values =
        new HashMap<>(Map.of("operator.replicas", 2, "console.enabled", true));
    if (namespaced) {
      flags.addAll(List.of("--namespaces", OperatorHarness.NAMESPACE));
      values.put("operator.watchNamespaces", List.of(OperatorHarness.NAMESPACE));
    }
    TreeSet<Chart.Grant> used;
    List<String> paths;
    try (OperatorHarness harness = new OperatorHarness(flags.toArray(String[]::new))) {
      scenario(harness);
      readConsole(harness, consolePort);
      List<RecordedRequest> requests =
          harness.takeRequests().stream()
              .filter(r -> "operator".equals(r.getHeaders().header(OperatorHarness.CLIENT_HEADER)))
              .toList();
      paths = requests.stream().map(RecordedRequest::getPath).toList();
      used =
          requests.stream()
              .map(ApiRequest::grant)
              .flatMap(java.util.Optional::stream)
              .collect(
                  Collectors.toCollection(
                      () -> new TreeSet<>(java.util.Comparator.comparing(Chart.Grant::toString))));
    }
    Chart.Rendered chart = Chart.render(values);
    Set<Chart.Grant> granted = new TreeSet<>(java.util.Comparator.comparing(Chart.Grant::toString));
    granted.addAll(chart.grants());
    assertThat(used).as("requested by the operator, not granted by the chart").isSubsetOf(granted);
    assertThat(granted)
        .as("granted by the chart, never requested by the operator")
        .isSubsetOf(used);
    if (namespaced) {
      // Only the cluster-scoped reviews stay cluster-wide: leader election's permission check,
      // and the console's reviews of its callers' tokens and rights.
      assertThat(chart.all(ClusterRole.class))
          .extracting(role -> role.getMetadata().getName())
          .noneMatch(name -> name.endsWith("-operator"));
      assertThat(paths)
          .as("a namespaced operator asks nothing outside its namespaces")
          .filteredOn(
              p ->
                  !p.startsWith("/apis/authorization.k8s.io/")
                      && !p.startsWith("/apis/authentication.k8s.io/"))
          .allMatch(
              p -> p.contains("/namespaces/" + OperatorHarness.NAMESPACE + "/"), "namespaced");
    }
  }

  /** A reader of the console: the operator reviews their token and their rights. */
  private static void readConsole(OperatorHarness harness, int port) throws Exception {
    String token = harness.apiServer().identities().issue("reader");
    HttpResponse<String> runs =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/runs"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(runs.statusCode()).as(runs.body()).isEqualTo(200);
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
    // A Job of the run's name that the informer does not see (no labels): the create meets it
    // (409) and the operator reads it instead (Jobs.create's conflict path, which needs get).
    String clash = Manifests.workflowYaml("clash", "- {name: a, kind: random, uuid: true}");
    String runId =
        Manifests.compileYaml(
                clash.replace(
                    "name: clash\n",
                    "name: clash\n  namespace: " + OperatorHarness.NAMESPACE + "\n"))
            .runId("");
    harness
        .client()
        .batch()
        .v1()
        .jobs()
        .inNamespace(OperatorHarness.NAMESPACE)
        .resource(
            new JobBuilder()
                .withNewMetadata()
                .withName(EngineJobs.name("clash", runId, 0))
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    harness.create(clash);
    harness.awaitWorkflow("clash", w -> runId.equals(w.getStatus().runId));
    // A container step: the operator makes its pod and input, finds the first pod evicted (gone
    // from its cache, it asks the API), then reads the retry's logs and removes pod and input.
    // The retry follows at once: any wait would park the run under --engine-park-after 0s.
    StepPodKubelet kubelet = new StepPodKubelet(harness);
    harness.create(
        Manifests.workflowYaml(
            "boxed",
            "- {name: a, kind: container, image: example.com/step:1, command: ['true'],"
                + " retry: [{errors: [CONTAINER_KILLED], maxAttempts: 2, initialInterval: 0s}]}"));
    Job boxed = harness.awaitJob("boxed", j -> true);
    CompletableFuture<EnginePod.Exit> engine =
        CompletableFuture.supplyAsync(
            () -> EnginePod.run(boxed, harness.database().config().jdbcUrl()));
    kubelet.evict(kubelet.awaitPod());
    kubelet.succeed(kubelet.awaitPod(), "{\"done\": true}");
    assertThat(engine.join().code()).isZero();
    harness.awaitWorkflow("boxed", w -> w.getStatus().phase == Phase.Succeeded);
    // A Signal for no Workflow: the operator rejects it in its status.
    harness.createSignal("stray", "missing", "approve", "{}");
    harness.awaitSignalDecided("stray");
    harness.create(Manifests.workflowYaml("broken", "- {name: a, kind: nosuchkind}"));
    harness.awaitWorkflow("broken", w -> w.getStatus().phase == Phase.Failed);
    // A parent's child Workflow: the operator creates it, and deletes it with its parent.
    harness.create(Manifests.workflowYaml("parent", Manifests.CHILD_WORKFLOW_STEPS));
    EnginePod.run(harness.awaitJob("parent", j -> true), harness.database().config().jdbcUrl());
    await().until(() -> !harness.childWorkflows("parent").isEmpty());
    harness.delete(Workflow.class, "parent");
    await().until(() -> harness.childWorkflows("parent").isEmpty());
    harness.delete(ShadowRun.class, "nightly");
    harness.delete(Workflow.class, "orders");
    harness.delete(Workflow.class, "broken");
    harness.delete(Workflow.class, "clash");
    harness.delete(Workflow.class, "boxed");
    await()
        .until(
            () ->
                harness.workflow("orders") == null
                    && harness.workflow("broken") == null
                    && harness.workflow("clash") == null
                    && harness.workflow("boxed") == null);
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
