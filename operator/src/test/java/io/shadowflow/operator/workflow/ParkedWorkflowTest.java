package io.shadowflow.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.shadowflow.api.Phase;
import io.shadowflow.api.SignalStatus;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.testing.Cli;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.status.Conditions;
import io.shadowflow.operator.testing.EnginePod;
import io.shadowflow.operator.testing.OperatorHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parked Workflows through the API: a run that waits longer than the park threshold has its engine
 * exit and no Job while it waits (phase Waiting, a condition saying for what); a Signal or its
 * timer brings the Job of its next wake, once, even across an operator restart; the run ends with
 * the hash of a run that waited in place.
 */
class ParkedWorkflowTest {
  private static final String APPROVAL =
      "- {name: order, kind: transform, expr: '{\"total\": input.qty * 3}'}\n"
          + Manifests.APPROVAL_STEPS;

  @TempDir Path temp;
  private OperatorHarness harness;

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aRunWaitingForApprovalHoldsNoPodAndASignalBringsItsNextWakeOnce() throws Exception {
    harness = new OperatorHarness("--engine-park-after", "0s");
    harness.create(Manifests.workflowYaml("orders", APPROVAL));
    Job first = harness.awaitJob("orders", j -> true);

    EnginePod.Exit parked = EnginePod.run(first, jdbcUrl());
    assertThat(parked.code()).as(parked.err()).isZero();
    assertThat(parked.out()).contains("parked, waiting for signal 'approve'");
    Workflow waiting = harness.awaitWorkflow("orders", w -> w.getStatus().phase == Phase.Waiting);
    Condition why = Conditions.find(waiting.getStatus().conditions, "Waiting");
    assertThat(why.getStatus()).isEqualTo("True");
    assertThat(why.getMessage()).contains("waiting for signal 'approve'", "no engine pod runs");
    assertThat(waiting.getStatus().progress).isEqualTo("1/3");
    awaitNoJobs();

    // The operator dies while the run waits; the approval comes meanwhile.
    harness.stopOperator();
    harness.createSignal("approved", "orders", "approve", "{ok: true}");
    harness.startOperator();
    assertThat(harness.awaitSignalDecided("approved").phase).isEqualTo(SignalStatus.DELIVERED);

    Job wake = harness.awaitJob("orders", j -> j.getMetadata().getName().endsWith("-w1"));
    assertThat(harness.jobs("orders")).as("one Job for the wake").hasSize(1);
    EnginePod.Exit resumed = EnginePod.run(wake, jdbcUrl());
    assertThat(resumed.code()).as(resumed.err()).isZero();
    Workflow done = harness.awaitWorkflow("orders", w -> w.getStatus().phase == Phase.Succeeded);
    assertThat(done.getStatus().workflowHash)
        .isEqualTo(resumed.workflowHash())
        .isEqualTo(upFrontHash("orders", APPROVAL, "--signal", "approve={\"ok\": true}"));
    assertThat(harness.events("orders"))
        .extracting(e -> e.getReason())
        .contains("Waiting", "SignalDelivered");
  }

  @Test
  void aLongTimerParksAndItsNextWakeStartsBeforeItIsDue() throws Exception {
    String steps =
        """
        - {name: a, kind: transform, expr: '1'}
        - {name: pause, kind: sleep, duration: 4s}
        - {name: b, kind: transform, expr: 'steps.a.output + 1'}
        """;
    harness = new OperatorHarness("--engine-park-after", "2s");
    harness.create(Manifests.workflowYaml("timer", steps));
    Job first = harness.awaitJob("timer", j -> true);

    assertThat(EnginePod.run(first, jdbcUrl()).out()).contains("parked, waiting for until");
    Workflow waiting = harness.awaitWorkflow("timer", w -> w.getStatus().phase == Phase.Waiting);
    assertThat(Conditions.find(waiting.getStatus().conditions, "Waiting").getMessage())
        .contains("waiting for its timer, due");

    Job wake = harness.awaitJob("timer", j -> j.getMetadata().getName().endsWith("-w1"));
    EnginePod.Exit resumed = EnginePod.run(wake, jdbcUrl());
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out()).as("it waited the rest in place").doesNotContain("parked");
    assertThat(harness.awaitWorkflow("timer", w -> w.getStatus().phase == Phase.Succeeded))
        .extracting(w -> w.getStatus().workflowHash)
        .isEqualTo(upFrontHash("timer", steps));
  }

  private String jdbcUrl() {
    return harness.database().config().jdbcUrl();
  }

  private void awaitNoJobs() {
    await().atMost(Duration.ofSeconds(30)).until(() -> harness.jobs("orders"), List::isEmpty);
  }

  /** The hash of a CLI run of the same Workflow that waits in place. */
  private String upFrontHash(String name, String steps, String... flags) throws Exception {
    Path manifest =
        Files.writeString(
            temp.resolve(name + ".yaml"),
            Manifests.workflowYaml(name, steps)
                .replace("spec:\n", "  namespace: " + OperatorHarness.NAMESPACE + "\nspec:\n"));
    return Cli.inMemoryHash(manifest, flags);
  }
}
