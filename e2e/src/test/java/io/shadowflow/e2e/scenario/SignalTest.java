package io.shadowflow.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.e2e.Kubectl;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Waiting with kubectl: a Workflow waiting for approval parks (no pod runs) until a Signal is
 * applied, and a Signal the run cannot take is Rejected; a long sleep parks and resumes when due.
 * Each ends with the hash of a run that waited in place.
 */
class SignalTest {
  private static final Duration RUN = Duration.ofSeconds(90);

  @RegisterExtension static final Shadowflow shadowflow = new Shadowflow();

  @Test
  void anAppliedSignalFinishesTheRunWithTheHashOfAnUpFrontRun() {
    Kubectl kubectl = shadowflow.kubectl();
    String manifest = waiting("order");
    kubectl.apply(manifest);
    kubectl.await("wf", "order", "{.status.runId}", id -> !id.isEmpty(), RUN);
    // Past the park threshold the run waits without an engine: no pod runs, the Workflow says why.
    kubectl.awaitValue("wf", "order", "{.status.phase}", "Waiting", RUN);
    assertThat(
            kubectl.jsonpath("wf", "order", "{.status.conditions[?(@.type==\"Waiting\")].message}"))
        .contains("waiting for signal 'approve'");
    kubectl.await(
        "pods", "", "{.items[*].status.phase}", phases -> !phases.contains("Running"), RUN);
    assertThat(kubectl.ok("get", "wf")).contains("order", "Waiting");

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
        .contains("SignalDelivered", "SignalRejected", "Waiting");
  }

  @Test
  void aLongSleepParksAndResumesWhenItIsDue() {
    Kubectl kubectl = shadowflow.kubectl();
    String manifest =
        """
        apiVersion: shadowflow.io/v1alpha1
        kind: Workflow
        metadata:
          name: nap
          namespace: %s
        spec:
          type: naps
          seed: 5
          steps:
            - {name: before, kind: random, uuid: true}
            - {name: nap, kind: sleep, duration: 20s}
            - {name: after, kind: transform, expr: 'steps.before.output'}
        """
            .formatted(shadowflow.namespace());
    kubectl.apply(manifest);
    kubectl.awaitValue("wf", "nap", "{.status.phase}", "Waiting", RUN);
    assertThat(
            kubectl.jsonpath("wf", "nap", "{.status.conditions[?(@.type==\"Waiting\")].message}"))
        .contains("waiting for its timer, due");
    kubectl.awaitValue("wf", "nap", "{.status.phase}", "Succeeded", RUN);
    assertThat(kubectl.jsonpath("wf", "nap", "{.status.workflowHash}"))
        .isEqualTo(EngineCli.inMemoryHash(manifest));
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
