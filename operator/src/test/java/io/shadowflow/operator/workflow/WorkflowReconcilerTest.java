package io.shadowflow.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.shadowflow.api.ApiGroup;
import io.shadowflow.api.Phase;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.hash.Sha256;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.runs.RunSummaries;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.operator.status.Conditions;
import io.shadowflow.operator.testing.EnginePod;
import io.shadowflow.operator.testing.OperatorHarness;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkflowReconcilerTest {
  private static final String STEPS =
      """
      - {name: price, kind: transform, expr: '{"price": input.qty * 3}'}
      - {name: pick, kind: random, choice: [red, green, blue]}
      - {name: label, kind: transform, expr: 'input.item + "/" + steps.pick.output'}
      """;

  // An hour between resyncs: whatever reaches the status quickly came through NOTIFY.
  private final OperatorHarness harness = new OperatorHarness("--resync", "1h");

  @AfterEach
  void close() {
    harness.close();
  }

  private Workflow created(String name) {
    harness.create(Manifests.workflowYaml(name, STEPS));
    return harness.awaitWorkflow(name, w -> w.getStatus() != null && w.getStatus().runId != null);
  }

  private void edit(String name, UnaryOperator<Workflow> change) {
    harness.edit(Workflow.class, name, change);
  }

  private List<String> eventReasons(String name) {
    return harness.events(name).stream().map(Event::getReason).toList();
  }

  @Test
  void aNewWorkflowGetsItsRunAndAnEngineJob() {
    Workflow workflow = created("orders");
    Job job = harness.awaitJob("orders", j -> true);

    assertThat(workflow.getStatus().phase).isEqualTo(Phase.Pending);
    assertThat(workflow.getStatus().progress).isEqualTo("0/3");
    assertThat(workflow.getStatus().observedGeneration)
        .isEqualTo(workflow.getMetadata().getGeneration());
    assertThat(new RunSummaries(harness.database().dataSource()).find(workflow.getStatus().runId))
        .hasValueSatisfying(run -> assertThat(run.stepCount()).isEqualTo(3));
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(workflow.getMetadata().getUid()));
    assertThat(job.getMetadata().getLabels())
        .containsEntry(Labels.WORKFLOW, "orders")
        .containsEntry(Labels.RUN_ID, workflow.getStatus().runId);
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .startsWith("execute", "--run-id", workflow.getStatus().runId);
    assertThat(eventReasons("orders")).contains("Pending");
  }

  @Test
  void aCheckpointReachesTheStatusThroughNotify() {
    String runId = created("orders").getStatus().runId;
    harness.awaitJob("orders", j -> true);

    var output = Json.object().put("price", 9);
    harness
        .store()
        .commitStep(
            runId,
            new StepRecord(
                0,
                "steps/0",
                "price",
                "transform",
                Json.object(),
                output,
                Sha256.hex("x"),
                3,
                1,
                null));

    Workflow workflow = harness.awaitWorkflow("orders", w -> "1/3".equals(w.getStatus().progress));
    assertThat(workflow.getStatus().phase).isEqualTo(Phase.Running);
    assertThat(workflow.getStatus().lastCheckpoint.sequence).isZero();
    assertThat(workflow.getStatus().lastCheckpoint.step).isEqualTo("price");
    assertThat(workflow.getStatus().lastCheckpoint.time).isNotNull();
  }

  @Test
  void theEnginePodRunsTheWorkflowAndTheStatusShowsItsHash() {
    created("orders");
    Job job = harness.awaitJob("orders", j -> true);

    EnginePod.Exit exit = EnginePod.run(job, harness.database().config().jdbcUrl());
    assertThat(exit.code()).as(exit.err()).isZero();

    Workflow workflow =
        harness.awaitWorkflow("orders", w -> w.getStatus().phase == Phase.Succeeded);
    assertThat(workflow.getStatus().workflowHash).isEqualTo(exit.workflowHash());
    assertThat(workflow.getStatus().shortHash).isEqualTo(exit.workflowHash().substring(0, 12));
    assertThat(workflow.getStatus().progress).isEqualTo("3/3");
    assertThat(workflow.getStatus().replicas).isZero();
    assertThat(Conditions.find(workflow.getStatus().conditions, "Ready").getStatus())
        .as(workflow.getStatus().conditions.toString())
        .isEqualTo("True");
    assertThat(eventReasons("orders")).contains("Pending", "Succeeded");
  }

  @Test
  void scalingToZeroSuspendsTheJobAndScalingToOneResumesIt() {
    String runId = created("orders").getStatus().runId;
    harness.awaitJob("orders", j -> true);

    edit(
        "orders",
        w -> {
          w.getSpec().replicas = 0;
          return w;
        });
    harness.awaitJob("orders", j -> Boolean.TRUE.equals(j.getSpec().getSuspend()));
    Workflow suspended =
        harness.awaitWorkflow("orders", w -> w.getStatus().phase == Phase.Suspended);
    assertThat(Conditions.find(suspended.getStatus().conditions, "Suspended").getStatus())
        .isEqualTo("True");
    assertThat(suspended.getStatus().replicas).isZero();

    edit(
        "orders",
        w -> {
          w.getSpec().replicas = 1;
          return w;
        });
    harness.awaitJob("orders", j -> Boolean.FALSE.equals(j.getSpec().getSuspend()));
    Workflow resumed = harness.awaitWorkflow("orders", w -> w.getStatus().phase == Phase.Pending);
    assertThat(resumed.getStatus().runId).isEqualTo(runId);
    assertThat(harness.jobs("orders")).hasSize(1);
    assertThat(eventReasons("orders")).contains("Suspended");
  }

  @Test
  void anInvalidSpecSaysWhatIsWrongAndMakesNoJob() {
    harness.create(
        Manifests.workflowYaml("broken", "- {name: a, kind: transform}\n- {name: b, kind: nope}"));
    Workflow workflow = harness.awaitWorkflow("broken", w -> w.getStatus() != null);

    assertThat(workflow.getStatus().phase).isEqualTo(Phase.Failed);
    assertThat(workflow.getStatus().error.code).isEqualTo("MANIFEST_INVALID");
    assertThat(workflow.getStatus().error.category).isEqualTo("VALIDATION");
    var valid = Conditions.find(workflow.getStatus().conditions, "Valid");
    assertThat(valid.getStatus()).isEqualTo("False");
    assertThat(valid.getReason()).isEqualTo("InvalidSpec");
    assertThat(valid.getMessage())
        .contains("spec.steps[0].expr: required")
        .contains("spec.steps[1].kind: unknown step kind 'nope'");
    assertThat(harness.jobs("broken")).isEmpty();
    assertThat(eventReasons("broken")).containsExactly("InvalidSpec");
  }

  @Test
  void anOperatorRestartMakesNoDuplicateJob() {
    created("orders");
    Job before = harness.awaitJob("orders", j -> true);

    harness.stopOperator();
    harness.startOperator();
    // Once the new operator has made a Job for a new Workflow, it has reconciled the old one too.
    created("after-restart");
    harness.awaitJob("after-restart", j -> true);

    assertThat(harness.jobs("orders"))
        .singleElement()
        .satisfies(
            j -> assertThat(j.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid()));
  }

  @Test
  void aSpecChangeStartsANewRunAndReplacesTheJob() {
    String firstRun = created("orders").getStatus().runId;
    harness.awaitJob("orders", j -> true);

    edit(
        "orders",
        w -> {
          w.getSpec().input.set("qty", IntNode.valueOf(5));
          return w;
        });
    Workflow changed = harness.awaitWorkflow("orders", w -> !firstRun.equals(w.getStatus().runId));
    harness.awaitJob(
        "orders",
        j -> changed.getStatus().runId.equals(j.getMetadata().getLabels().get(Labels.RUN_ID)));
    org.awaitility.Awaitility.await().until(() -> harness.jobs("orders").size() == 1);
    assertThat(new RunSummaries(harness.database().dataSource()).find(firstRun)).isPresent();
  }

  @Test
  void restartFromAStepMakesANewRunThatReusesTheCheckpointsBeforeIt() {
    String firstRun = created("orders").getStatus().runId;
    Job firstJob = harness.awaitJob("orders", j -> true);
    EnginePod.Exit first = EnginePod.run(firstJob, harness.database().config().jdbcUrl());
    harness.awaitWorkflow("orders", w -> w.getStatus().phase == Phase.Succeeded);

    edit(
        "orders",
        w -> {
          w.getMetadata().getAnnotations().put(ApiGroup.RESTART_FROM_STEP, "label");
          return w;
        });
    Workflow restarted =
        harness.awaitWorkflow("orders", w -> !firstRun.equals(w.getStatus().runId));
    String secondRun = restarted.getStatus().runId;
    assertThat(restarted.getStatus().progress).isEqualTo("2/3");
    assertThat(restarted.getMetadata().getAnnotations())
        .doesNotContainKey(ApiGroup.RESTART_FROM_STEP)
        .containsEntry(ApiGroup.RUN_LINEAGE, "restart/" + firstRun + "/label");

    Job secondJob =
        harness.awaitJob(
            "orders", j -> secondRun.equals(j.getMetadata().getLabels().get(Labels.RUN_ID)));
    EnginePod.Exit second = EnginePod.run(secondJob, harness.database().config().jdbcUrl());
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out()).contains("from checkpoint").containsOnlyOnce("ok ");
    Workflow done =
        harness.awaitWorkflow(
            "orders",
            w -> w.getStatus().phase == Phase.Succeeded && secondRun.equals(w.getStatus().runId));
    // A new run id enters the hash; the first run's records stay as they were.
    assertThat(done.getStatus().workflowHash).isNotEqualTo(first.workflowHash());
    assertThat(new RunSummaries(harness.database().dataSource()).find(firstRun))
        .hasValueSatisfying(run -> assertThat(run.workflowHash()).isEqualTo(first.workflowHash()));
    assertThat(eventReasons("orders")).contains("Restarted");
  }

  /**
   * A run that committed three steps and stopped, as a pod does when the database's disk fills. The
   * timer's end commits price and pick with it: steps that only compute are not committed on their
   * own.
   */
  private String stoppedAfterThreeSteps(String name) {
    harness.create(
        Manifests.workflowYaml(
            name,
            STEPS.replace(
                "- {name: label,",
                "- {name: nap, kind: sleep, duration: 10ms}\n"
                    + "- {name: stop, kind: fail, code: DB_DISK_FULL}\n"
                    + "- {name: label,")));
    String run =
        harness
            .awaitWorkflow(name, w -> w.getStatus() != null && w.getStatus().runId != null)
            .getStatus()
            .runId;
    EnginePod.Exit stopped =
        EnginePod.run(harness.awaitJob(name, j -> true), harness.database().config().jdbcUrl());
    assertThat(stopped.code()).as(stopped.err()).isNotZero();
    harness.awaitWorkflow(name, w -> "3/5".equals(w.getStatus().progress));
    return run;
  }

  private void removeStopStep(Workflow workflow) {
    workflow.getSpec().steps.removeIf(step -> step.name.equals("stop"));
  }

  @Test
  void anEditThatKeepsTheCommittedStepsContinuesTheRunWithoutRunningThemAgain() {
    String firstRun = stoppedAfterThreeSteps("orders");

    edit(
        "orders",
        w -> {
          removeStopStep(w);
          return w;
        });
    Workflow edited = harness.awaitWorkflow("orders", w -> !firstRun.equals(w.getStatus().runId));
    String secondRun = edited.getStatus().runId;
    assertThat(edited.getMetadata().getAnnotations())
        .containsEntry(ApiGroup.RUN_LINEAGE, "edit/" + firstRun);
    assertThat(edited.getStatus().progress).isEqualTo("3/4");

    Job job =
        harness.awaitJob(
            "orders", j -> secondRun.equals(j.getMetadata().getLabels().get(Labels.RUN_ID)));
    EnginePod.Exit second = EnginePod.run(job, harness.database().config().jdbcUrl());
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out()).contains("from checkpoint").containsOnlyOnce("ok ");
    harness.awaitWorkflow("orders", w -> w.getStatus().phase == Phase.Succeeded);
    assertThat(eventReasons("orders")).contains("EditContinued");
    assertThat(new RunSummaries(harness.database().dataSource()).find(firstRun))
        .hasValueSatisfying(run -> assertThat(run.errorCode()).isEqualTo("RUN_SUPERSEDED"));
  }

  @Test
  void anEditWaitsForThePreviousRunsEngineToLetGoBeforeItContinues() throws Exception {
    String firstRun = stoppedAfterThreeSteps("orders");
    try (Connection engine = harness.database().dataSource().getConnection();
        PreparedStatement lock =
            engine.prepareStatement(
                "SELECT pg_advisory_lock(hashtextextended(current_setting('search_path') || '/' ||"
                    + " ?, 0))")) {
      lock.setString(1, firstRun); // as the engine executing the run holds it
      lock.executeQuery().close();

      edit(
          "orders",
          w -> {
            removeStopStep(w);
            return w;
          });
      Awaitility.await().until(() -> harness.jobs("orders").isEmpty());
      assertThat(harness.workflow("orders").getStatus().runId).isEqualTo(firstRun);
      // The engine stops: its session's lock goes (a pooled connection outlives the session).
      engine.createStatement().executeQuery("SELECT pg_advisory_unlock_all()").close();
    }

    Workflow edited = harness.awaitWorkflow("orders", w -> !firstRun.equals(w.getStatus().runId));
    assertThat(edited.getMetadata().getAnnotations())
        .containsEntry(ApiGroup.RUN_LINEAGE, "edit/" + firstRun);
  }

  @Test
  void anEditThatChangesACommittedStepIsRefusedAndTheRunGoesOn() {
    String firstRun = stoppedAfterThreeSteps("orders");

    edit(
        "orders",
        w -> {
          w.getSpec().steps.get(0).expr = "{\"price\": input.qty * 4}";
          return w;
        });
    Workflow refused =
        harness.awaitWorkflow(
            "orders",
            w ->
                "EditRejected"
                    .equals(Conditions.find(w.getStatus().conditions, "Valid").getReason()));

    assertThat(refused.getStatus().runId).isEqualTo(firstRun);
    assertThat(Conditions.find(refused.getStatus().conditions, "Valid").getMessage())
        .startsWith("spec.steps[0]: step 'price' (steps/0) has committed work in run " + firstRun);
    assertThat(harness.jobs("orders"))
        .singleElement()
        .satisfies(
            j -> assertThat(j.getMetadata().getLabels()).containsEntry(Labels.RUN_ID, firstRun));
    assertThat(eventReasons("orders")).contains("EditRejected");
  }

  @Test
  void onEditNewRunStartsOverFromTheFirstStep() {
    String firstRun = stoppedAfterThreeSteps("orders");

    edit(
        "orders",
        w -> {
          w.getSpec().onEdit = "newRun";
          w.getSpec().steps.get(0).expr = "{\"price\": input.qty * 4}";
          removeStopStep(w);
          return w;
        });
    Workflow edited = harness.awaitWorkflow("orders", w -> !firstRun.equals(w.getStatus().runId));

    assertThat(edited.getStatus().progress).isEqualTo("0/4");
    assertThat(edited.getMetadata().getAnnotations()).doesNotContainKey(ApiGroup.RUN_LINEAGE);
  }
}
