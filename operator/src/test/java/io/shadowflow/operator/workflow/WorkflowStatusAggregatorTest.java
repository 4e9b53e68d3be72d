package io.shadowflow.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.shadowflow.api.Phase;
import io.shadowflow.api.Workflow;
import io.shadowflow.api.WorkflowStatus;
import io.shadowflow.engine.checkpoint.RunStatus;
import io.shadowflow.engine.exec.Parking;
import io.shadowflow.engine.failure.ExitReport;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.model.Problem;
import io.shadowflow.engine.runs.RunPark;
import io.shadowflow.engine.runs.RunSummary;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkflowStatusAggregatorTest {
  private static final String RUN = TestRuns.RUN;
  private static final String HASH = "ab".repeat(32);
  private static final Instant T0 = TestRuns.T0;
  private static final Parking PARKING = Parking.after(Duration.ofSeconds(30));
  private static final Validation VALID =
      new Validation(
          Manifests.compileYaml(
              Manifests.workflowYaml("orders", "- {name: a, kind: random, uuid: true}")),
          List.of());

  private static RunSummary running(int done) {
    return TestRuns.running(done);
  }

  private static Job job(Integer active, String failedReason) {
    var builder =
        new JobBuilder()
            .withNewMetadata()
            .withName("j")
            .endMetadata()
            .withNewStatus()
            .withActive(active);
    if (failedReason != null) {
      builder
          .addNewCondition()
          .withType("Failed")
          .withStatus("True")
          .withReason(failedReason)
          .withMessage("gave up")
          .endCondition();
    }
    return builder.endStatus().build();
  }

  private static WorkflowStatus desired(Workflow workflow, RunSummary run, Job job, Instant now) {
    return desired(workflow, run, job, Optional.empty(), now);
  }

  private static WorkflowStatus desired(
      Workflow workflow, RunSummary run, Job job, Optional<ExitReport> lastExit, Instant now) {
    WorkflowRun current = TestRuns.current(run);
    return WorkflowStatusAggregator.desired(
        workflow, VALID, current, job, lastExit, current.waiting(now, PARKING), now);
  }

  private static Workflow workflow(Integer replicas) {
    Workflow workflow = EngineJobsTest.workflow("orders", replicas);
    workflow.getMetadata().setGeneration(3L);
    return workflow;
  }

  @Test
  void aRunningRunIsASummaryWithoutTheStepList() {
    WorkflowStatus status = desired(workflow(1), running(2), job(1, null), T0);
    assertThat(status.phase).isEqualTo(Phase.Running);
    assertThat(status.progress).isEqualTo("2/5");
    assertThat(status.lastCheckpoint.sequence).isEqualTo(1);
    assertThat(status.lastCheckpoint.step).isEqualTo("step2");
    assertThat(status.lastCheckpoint.time).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(status.observedGeneration).isEqualTo(3L);
    assertThat(status.replicas).isEqualTo(1);
    assertThat(status.selector).isEqualTo("shadowflow.io/workflow=orders");
    assertThat(status.conditions)
        .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(3L));
  }

  @Test
  void beforeThePodStartsTheWorkflowIsPending() {
    assertThat(desired(workflow(1), running(0), job(null, null), T0).phase)
        .isEqualTo(Phase.Pending);
  }

  @Test
  void scaledToZeroTheWorkflowIsSuspendedButAFinishedRunStaysFinished() {
    WorkflowStatus suspended = desired(workflow(0), running(2), job(null, null), T0);
    assertThat(suspended.phase).isEqualTo(Phase.Suspended);
    assertThat(suspended.replicas).isZero();
    assertThat(Conditions.find(suspended.conditions, "Suspended").getStatus()).isEqualTo("True");

    var done =
        new RunSummary(
            RUN, RunStatus.SUCCEEDED, 5, 5, false, "step5", T0, HASH, null, null, null, 0, null, 0);
    WorkflowStatus succeeded = desired(workflow(0), done, null, T0);
    assertThat(succeeded.phase).isEqualTo(Phase.Succeeded);
    assertThat(succeeded.workflowHash).isEqualTo(HASH);
    assertThat(succeeded.shortHash).isEqualTo(HASH.substring(0, 12));
  }

  @Test
  void aFailedRunCarriesTheCatalogCodeCategoryAndRecovery() {
    var failed =
        new RunSummary(
            RUN,
            RunStatus.FAILED,
            2,
            5,
            false,
            "step2",
            T0,
            HASH,
            "HTTP_404",
            "not found",
            "steps/2",
            0,
            null,
            0);
    WorkflowStatus status = desired(workflow(1), failed, null, T0);
    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.error.code).isEqualTo("HTTP_404");
    assertThat(status.error.category).isEqualTo("PERMANENT");
    assertThat(status.error.recoveryMode).isEqualTo("FAIL_RUN");
    assertThat(status.error.message).isEqualTo("not found");
    assertThat(Conditions.find(status.conditions, "Ready").getReason()).isEqualTo("RunFailed");
  }

  @Test
  void aFailedJobOfAnUnfinishedRunFailsTheWorkflowAndSaysHowToResume() {
    WorkflowStatus status = desired(workflow(1), running(2), job(0, "BackoffLimitExceeded"), T0);
    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.error.code).isEqualTo("INTERNAL_ERROR");
    assertThat(status.error.message)
        .contains("BackoffLimitExceeded")
        .contains("delete the Job to resume");
  }

  @Test
  void aFailedJobWhoseLastPodReportedWhyFailsWithThatCode() {
    ExitReport exit =
        new ExitReport(FailureCode.DB_TOO_MANY_CONNECTIONS, "too many connections for role");

    WorkflowStatus status =
        desired(workflow(1), running(2), job(0, "BackoffLimitExceeded"), Optional.of(exit), T0);

    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.error.code).isEqualTo("DB_TOO_MANY_CONNECTIONS");
    assertThat(status.error.category).isEqualTo("RESOURCE");
    assertThat(status.error.message)
        .contains("BackoffLimitExceeded", "too many connections for role", "delete the Job");
  }

  @Test
  void aParkedRunIsWaitingWithNoPodAndSaysForWhatUntilItsWaitIsOver() {
    Instant due = T0.plus(Duration.ofHours(2));
    var park = new RunPark(List.of("approve"), due, T0, false);
    WorkflowStatus waiting = desired(workflow(1), TestRuns.parked(1, 1, park), null, T0);
    assertThat(waiting.phase).isEqualTo(Phase.Waiting);
    assertThat(waiting.replicas).isZero();
    assertThat(Conditions.find(waiting.conditions, "Waiting").getStatus()).isEqualTo("True");
    assertThat(Conditions.find(waiting.conditions, "Ready").getMessage())
        .isEqualTo(
            "run "
                + RUN
                + " is parked, waiting for signal 'approve' or its timer, due"
                + " 2026-01-01T02:00:00Z; no engine pod runs until then");
    assertThat(desired(workflow(0), TestRuns.parked(1, 1, park), null, T0).phase)
        .as("scaled to zero while it waits: still waiting")
        .isEqualTo(Phase.Waiting);

    var signalled = new RunPark(List.of("approve"), due, T0, true);
    assertThat(desired(workflow(1), TestRuns.parked(1, 1, signalled), null, T0).phase)
        .as("the signal came: the next wake's Job is to start")
        .isEqualTo(Phase.Pending);
    Instant nearlyDue = due.minus(Duration.ofSeconds(10));
    WorkflowStatus timerDue = desired(workflow(1), TestRuns.parked(1, 1, park), null, nearlyDue);
    assertThat(timerDue.phase).as("the timer is nearly due").isEqualTo(Phase.Pending);
    assertThat(Conditions.find(timerDue.conditions, "Waiting").getStatus()).isEqualTo("False");
    assertThat(Conditions.find(timerDue.conditions, "Ready").getMessage())
        .contains(EngineJobs.name("orders", RUN, 1));
  }

  @Test
  void anInvalidSpecFailsWithEveryProblemAndNoRun() {
    var invalid =
        new Validation(
            null,
            List.of(
                new Problem("spec.steps[0].expr", "required"),
                new Problem("spec.type", "required")));
    WorkflowStatus status =
        WorkflowStatusAggregator.desired(
            workflow(1), invalid, null, null, Optional.empty(), false, T0);
    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.runId).isNull();
    assertThat(status.error.code).isEqualTo("MANIFEST_INVALID");
    assertThat(Conditions.find(status.conditions, "Valid").getMessage())
        .isEqualTo("spec.steps[0].expr: required; spec.type: required");
  }

  @Test
  void aConditionsTransitionTimeMovesOnlyWhenItsStatusMoves() {
    Workflow workflow = workflow(1);
    workflow.setStatus(desired(workflow, running(1), job(1, null), T0));
    WorkflowStatus later = desired(workflow, running(2), job(1, null), T0.plusSeconds(60));
    assertThat(Conditions.find(later.conditions, "Ready").getLastTransitionTime())
        .isEqualTo("2026-01-01T00:00:00Z");

    workflow.setStatus(later);
    WorkflowStatus suspended = desired(workflow(0), running(2), job(0, null), T0.plusSeconds(120));
    workflow.getSpec().replicas = 0;
    WorkflowStatus again = desired(workflow, running(2), job(0, null), T0.plusSeconds(120));
    assertThat(Conditions.find(again.conditions, "Ready").getLastTransitionTime())
        .isEqualTo("2026-01-01T00:02:00Z");
    assertThat(suspended.phase).isEqualTo(Phase.Suspended);
  }

  @Test
  void theSameObservationsGiveTheSameStatus() {
    Workflow workflow = workflow(1);
    workflow.setStatus(desired(workflow, running(2), job(1, null), T0));
    WorkflowStatus again = desired(workflow, running(2), job(1, null), T0.plusSeconds(3600));
    assertThat(again).usingRecursiveComparison().isEqualTo(workflow.getStatus());
  }
}
