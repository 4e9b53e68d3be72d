package io.shadowflow.operator.signal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.shadowflow.api.Phase;
import io.shadowflow.api.Signal;
import io.shadowflow.api.SignalStatus;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.signal.SignalDelivery;
import io.shadowflow.engine.testing.Cli;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.testing.EnginePod;
import io.shadowflow.operator.testing.OperatorHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals through the API: a Signal for a waiting run is delivered once, its engine takes it, and
 * the run ends with the hash of a CLI run given the signal up front; a Signal the run cannot take
 * is Rejected with the reason, and changes nothing.
 */
class SignalReconcilerTest {
  private static final String STEPS = Manifests.APPROVAL_STEPS;

  @TempDir Path temp;
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = new OperatorHarness();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aSignalIsDeliveredOnceAndTheRunEndsWithTheHashOfAnUpFrontRun() throws Exception {
    harness.create(Manifests.workflowYaml("orders", STEPS));
    Job job = harness.awaitJob("orders", j -> true);
    String runId =
        harness.awaitWorkflow("orders", w -> w.getStatus().runId != null).getStatus().runId;

    // No engine runs yet: every Signal below meets a run that still waits.
    assertThat(signal("nosuch", "orders", "approve", "{ok: \"yes\"}").reason)
        .contains("does not accept the payload", "payload.ok: expected boolean, got string");
    assertThat(signal("unknown", "orders", "approved", "{ok: true}").reason)
        .contains("they wait for [approve]");
    assertThat(signal("elsewhere", "missing", "approve", "{ok: true}").reason)
        .contains("no Workflow missing");
    SignalStatus delivered = signal("yes", "orders", "approve", "{ok: true}");
    assertThat(delivered.phase).isEqualTo(SignalStatus.DELIVERED);
    assertThat(delivered.runId).isEqualTo(runId);
    assertThat(signal("again", "orders", "approve", "{ok: false}").reason)
        .contains("already delivered");

    CompletableFuture<EnginePod.Exit> engine =
        CompletableFuture.supplyAsync(
            () -> EnginePod.run(job, harness.database().config().jdbcUrl()));
    assertThat(engine.get(60, TimeUnit.SECONDS).code()).isZero();
    Workflow done = harness.awaitWorkflow("orders", w -> w.getStatus().phase == Phase.Succeeded);
    assertThat(done.getStatus().workflowHash).isEqualTo(upFrontHash("{\"ok\": true}"));
    assertThat(harness.events("orders"))
        .extracting(e -> e.getReason())
        .contains("SignalDelivered", "SignalRejected");
  }

  @Test
  void anOperatorThatDiedBetweenStoringASignalAndItsStatusSaysDeliveredOnRestart() {
    harness.create(Manifests.workflowYaml("orders", STEPS));
    String runId =
        harness.awaitWorkflow("orders", w -> w.getStatus().runId != null).getStatus().runId;
    harness.stopOperator();
    Signal signal = harness.createSignal("approved", "orders", "approve", "{ok: true}");
    // What the operator had done when it died: the payload stored, the status not yet written.
    SignalDelivery delivery = new SignalDelivery(harness.database().dataSource());
    assertThat(
            delivery
                .deliver(
                    OperatorHarness.NAMESPACE,
                    runId,
                    "approve",
                    Json.parse("{\"ok\": true}"),
                    SignalReconciler.deliveredBy(signal))
                .delivered())
        .isTrue();

    harness.startOperator();

    SignalStatus status = harness.awaitSignalDecided("approved");
    assertThat(status.phase).as(status.reason).isEqualTo(SignalStatus.DELIVERED);
    assertThat(signal("late", "orders", "approve", "{ok: false}").reason)
        .as("another Signal is still a second delivery")
        .contains("already delivered");
  }

  /** Applies a Signal and returns its status once the operator decided. */
  private SignalStatus signal(String name, String workflow, String signal, String payload) {
    harness.createSignal(name, workflow, signal, payload);
    return harness.awaitSignalDecided(name);
  }

  private String upFrontHash(String payload) throws Exception {
    Path manifest =
        Files.writeString(
            temp.resolve("orders.yaml"),
            Manifests.workflowYaml("orders", STEPS)
                .replace(
                    "  name: orders\n",
                    "  name: orders\n  namespace: " + OperatorHarness.NAMESPACE + "\n"));
    return Cli.inMemoryHash(manifest, "--signal", "approve=" + payload);
  }
}
