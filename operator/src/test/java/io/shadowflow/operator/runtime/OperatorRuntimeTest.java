package io.shadowflow.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.testing.OperatorHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class OperatorRuntimeTest {
  private static final String LEASE = "shadowflow-operator";
  private static final String SIGNALS = "signals.shadowflow.io";
  private static final String STEP = "- {name: a, kind: random, uuid: true}";
  private static final String PENDING_ROW =
      "shadowflow_resources{kind=\"Workflow\",namespace=\"apps\",phase=\"Pending\",workflow_type=\"orders\"} 1.0";

  private static HttpResponse<String> get(OperatorHarness harness, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + harness.operator().httpPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void probesAnswerAndMetricsCarryOnlyBoundedLabels() throws Exception {
    try (OperatorHarness harness = new OperatorHarness()) {
      assertThat(get(harness, "/healthz").statusCode()).isEqualTo(200);
      await().untilAsserted(() -> assertThat(get(harness, "/readyz").statusCode()).isEqualTo(200));

      harness.create(Manifests.workflowYaml("orders", STEP));
      harness.awaitWorkflow("orders", w -> w.getStatus() != null);
      await()
          .untilAsserted(() -> assertThat(get(harness, "/metrics").body()).contains(PENDING_ROW));

      String metrics = get(harness, "/metrics").body();
      assertThat(metrics)
          .contains("operator_sdk_")
          .contains(
              "shadowflow_phase_transitions_total{kind=\"Workflow\",namespace=\"apps\",phase=\"Pending\"}")
          .contains("shadowflow_engine_jobs_total{kind=\"Workflow\",namespace=\"apps\"}")
          .contains("shadowflow_notification_listener_connected 1.0")
          .contains("jvm_memory_used_bytes")
          .doesNotContain("name=\"")
          .doesNotContain("run-");

      harness.delete(Workflow.class, "orders");
      await()
          .untilAsserted(
              () ->
                  assertThat(get(harness, "/metrics").body())
                      .doesNotContain("shadowflow_resources{"));
    }
  }

  @Test
  void withLeaderElectionTheOperatorHoldsTheLease() {
    try (OperatorHarness harness = withLeaderElection()) {
      Lease lease = awaitHolder(harness, "replica-1");
      assertThat(lease.getSpec().getLeaseDurationSeconds()).isPositive();

      harness.create(Manifests.workflowYaml("orders", STEP));
      harness.awaitJob("orders", j -> true);
    }
  }

  @Test
  void aReplicaThatLosesTheLeaseIsStartedAgainUntilItStartsWithoutEndingItsHost() {
    try (OperatorHarness harness = withLeaderElection()) {
      awaitHolder(harness, "replica-1");
      var crds = harness.client().apiextensions().v1().customResourceDefinitions();
      CustomResourceDefinition signals = crds.withName(SIGNALS).get();
      // Without the Signal CRD a new operator cannot start (its informer cannot list): the API
      // does not serve the type. The running one is not disturbed by it.
      crds.withName(SIGNALS).delete();
      await().until(() -> crds.withName(SIGNALS).get() == null);

      // Another replica holds the Lease now (say, after a partition): this one cannot renew it.
      harness
          .client()
          .leases()
          .inNamespace("apps")
          .withName(LEASE)
          .edit(
              l -> {
                l.getSpec().setHolderIdentity("replica-2");
                l.getSpec().setRenewTime(ZonedDateTime.now());
                return l;
              });

      // It gives up; starting it again fails, and is tried again after a wait (this JVM goes on).
      await().atMost(Duration.ofMinutes(1)).until(() -> harness.operatorStarts() >= 3);
      assertThat(harness.operator()).isNull();

      crds.resource(
              new CustomResourceDefinitionBuilder(signals)
                  .editMetadata()
                  .withResourceVersion(null)
                  .withUid(null)
                  .withCreationTimestamp(null)
                  .endMetadata()
                  .build())
          .create();
      await().atMost(Duration.ofMinutes(2)).until(() -> harness.operator() != null);
      // The replica started again leads once replica-2's Lease runs out, and reconciles.
      awaitHolder(harness, "replica-1");
      harness.create(Manifests.workflowYaml("orders", STEP));
      harness.awaitJob("orders", j -> true);
    }
  }

  private static OperatorHarness withLeaderElection() {
    return new OperatorHarness(
        "--leader-election", "--lease-namespace", "apps", "--identity", "replica-1");
  }

  private static Lease awaitHolder(OperatorHarness harness, String identity) {
    return await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> harness.client().leases().inNamespace("apps").withName(LEASE).get(),
            l -> l != null && identity.equals(l.getSpec().getHolderIdentity()));
  }
}
