package io.shadowflow.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.e2e.Kubectl;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Approvals with kubectl: a Signal applied to a waiting Workflow, and one the run cannot take. */
class SignalTest {
  private static final Duration RUN = Duration.ofSeconds(90);

  @RegisterExtension static final Shadowflow shadowflow = new Shadowflow();

  @Test
  void anAppliedSignalFinishesTheRunWithTheHashOfAnUpFrontRun() {
    Kubectl kubectl = shadowflow.kubectl();
    String manifest = waiting("order");
    kubectl.apply(manifest);
    kubectl.await("wf", "order", "{.status.runId}", id -> !id.isEmpty(), RUN);

    kubectl.apply(signal("refused", "order", "{ok: \"maybe\"}"));
    kubectl.awaitValue("sig", "refused", "{.status.phase}", "Rejected", RUN);
    assertThat(kubectl.jsonpath("sig", "refused", "{.status.reason}"))
        .contains("payload.ok: expected boolean, got string");

    kubectl.apply(signal("approved", "order", "{ok: true, by: ops}"));
    kubectl.awaitValue("sig", "approved", "{.status.phase}", "Delivered", RUN);
    kubectl.awaitValue("wf", "order", "{.status.phase}", "Succeeded", RUN);
    assertThat(kubectl.jsonpath("wf", "order", "{.status.workflowHash}"))
        .isEqualTo(
            EngineCli.inMemoryHash(
                manifest, "--signal", "approve={\"ok\": true, \"by\": \"ops\"}"));
    assertThat(kubectl.ok("get", "sig")).contains("approved", "Delivered", "refused", "Rejected");
    assertThat(kubectl.ok("get", "events", "-o", "jsonpath={.items[*].reason}"))
        .contains("SignalDelivered", "SignalRejected");
  }

  private static String waiting(String name) {
    return """
        apiVersion: shadowflow.io/v1alpha1
        kind: Workflow
        metadata:
          name: %s
          namespace: %s
        spec:
          type: approvals
          seed: 3
          steps:
            - name: approval
              kind: wait
              signal: approve
              accepts: {type: object, required: [ok], properties: {ok: {type: boolean}}}
            - {name: after, kind: transform, expr: 'steps.approval.output.ok ? "shipped" : "held"'}
        """
        .formatted(name, shadowflow.namespace());
  }

  private static String signal(String name, String workflow, String payload) {
    return """
        apiVersion: shadowflow.io/v1alpha1
        kind: Signal
        metadata:
          name: %s
          namespace: %s
        spec:
          workflowRef: {name: %s}
          signal: approve
          payload: %s
        """
        .formatted(name, shadowflow.namespace(), workflow, payload);
  }
}
