package io.shadowflow.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.shadowflow.api.Phase;
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
 * Child workflows through the API: the parent's engine records each child and parks; the operator
 * creates the child Workflow (owned by the parent, once, even across an operator restart); the
 * child's end wakes the parent, which ends with the hash of a CLI run that ran its children in
 * process. Suspending or deleting the parent does the same to its children.
 */
class ChildWorkflowsTest {
  @TempDir Path temp;
  private OperatorHarness harness;

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void eachChildIsAWorkflowOwnedByItsParentWhoseEndWakesTheParent() throws Exception {
    harness = new OperatorHarness("--engine-park-after", "0s");
    harness.create(Manifests.workflowYaml("order", Manifests.CHILD_WORKFLOW_STEPS));

    assertThat(runJob("order", j -> true).out())
        .contains("parked, waiting for the child workflow of step steps/0");
    Workflow waiting = harness.awaitWorkflow("order", w -> w.getStatus().phase == Phase.Waiting);
    assertThat(Conditions.find(waiting.getStatus().conditions, "Waiting").getMessage())
        .contains("the child workflow of step steps/0");
    Workflow reserve = awaitChildren("order", 1).get(0);
    assertThat(reserve.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(owner -> assertThat(owner.getName()).isEqualTo("order"));
    assertThat(reserve.getSpec().type).isEqualTo("order.reserve");

    // The operator dies as the child runs: a new one creates no second child.
    harness.stopOperator();
    EnginePod.Exit child = runJob(reserve.getMetadata().getName(), j -> true);
    harness.startOperator();
    assertThat(child.code()).as(child.err()).isZero();

    assertThat(runJob("order", j -> j.getMetadata().getName().endsWith("-w1")).out())
        .contains("parked, waiting for the child workflow of step steps/1");
    Workflow bill =
        awaitChildren("order", 2).stream()
            .filter(w -> !w.getMetadata().getName().equals(reserve.getMetadata().getName()))
            .findFirst()
            .orElseThrow();
    assertThat(runJob(bill.getMetadata().getName(), j -> true).out()).contains("HTTP_422");
    assertThat(harness.awaitWorkflow(bill.getMetadata().getName(), w -> true).getStatus())
        .isNotNull();

    EnginePod.Exit resumed = runJob("order", j -> j.getMetadata().getName().endsWith("-w2"));
    assertThat(resumed.code()).as(resumed.err()).isZero();
    Workflow done = harness.awaitWorkflow("order", w -> w.getStatus().phase == Phase.Succeeded);
    assertThat(done.getStatus().workflowHash)
        .isEqualTo(resumed.workflowHash())
        .isEqualTo(cliHash("order", Manifests.CHILD_WORKFLOW_STEPS));
    assertThat(harness.childWorkflows("order")).hasSize(2);
    assertThat(harness.events("order"))
        .extracting(e -> e.getReason())
        .as("each child created once, across the operator's restart")
        .filteredOn("ChildCreated"::equals)
        .hasSize(2);
  }

  @Test
  void suspendingOrDeletingTheParentDoesTheSameToItsChildren() throws Exception {
    harness = new OperatorHarness("--engine-park-after", "0s");
    harness.create(Manifests.workflowYaml("order", Manifests.CHILD_WORKFLOW_STEPS));
    runJob("order", j -> true);
    String child = awaitChildren("order", 1).get(0).getMetadata().getName();

    harness.edit(
        Workflow.class,
        "order",
        w -> {
          w.getSpec().replicas = 0;
          return w;
        });
    harness.awaitWorkflow(child, w -> w.getStatus().phase == Phase.Suspended);

    harness.delete(Workflow.class, "order");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> harness.workflow(child) == null && harness.workflow("order") == null);
  }

  /** Runs the engine Job of {@code workflow} that {@code which} picks, as its pod would. */
  private EnginePod.Exit runJob(String workflow, java.util.function.Predicate<Job> which) {
    return EnginePod.run(harness.awaitJob(workflow, which), harness.database().config().jdbcUrl());
  }

  private List<Workflow> awaitChildren(String parent, int count) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> harness.childWorkflows(parent), found -> found.size() == count);
  }

  /** The hash of a CLI run of the same Workflow, its children run in the CLI's process. */
  private String cliHash(String name, String steps) throws Exception {
    Path manifest =
        Files.writeString(
            temp.resolve(name + ".yaml"),
            Manifests.workflowYaml(name, steps)
                .replace("spec:\n", "  namespace: " + OperatorHarness.NAMESPACE + "\nspec:\n"));
    return Cli.inMemoryHash(manifest);
  }
}
