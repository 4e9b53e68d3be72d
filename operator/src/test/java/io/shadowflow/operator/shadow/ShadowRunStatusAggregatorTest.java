package io.shadowflow.operator.shadow;

import static io.shadowflow.operator.shadow.ShadowRunFixtures.T0;
import static io.shadowflow.operator.shadow.ShadowRunFixtures.job;
import static io.shadowflow.operator.shadow.ShadowRunFixtures.shadowRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.api.Mismatch;
import io.shadowflow.api.Phase;
import io.shadowflow.api.ShadowMode;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.ShadowRunStatus;
import io.shadowflow.operator.status.Conditions;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShadowRunStatusAggregatorTest {
  private static ShadowRunStatus status(ShadowRun run, ShadowSummary summary) {
    CyclePlan plan = CyclePlan.plan(run, List.of(job(run, 1, null, T0)), T0, T0);
    return ShadowRunStatusAggregator.desired(run, null, plan, summary, T0, T0);
  }

  @Test
  void mismatchesReachTheStatusAndTheDeterministicCondition() {
    Mismatch last = ShadowRunFixtures.mismatch(4711, "steps/2 (label)");
    ShadowRunStatus status =
        status(shadowRun(3, null, null), new ShadowSummary(22500, 2, 7500, last, 0.4, 2.5));

    assertThat(status.phase).isEqualTo(Phase.Running);
    assertThat(status.workflowsReplayed).isEqualTo(22500);
    assertThat(status.mismatches).isEqualTo(2);
    assertThat(status.goldenRecorded).isEqualTo(7500);
    assertThat(status.lastMismatch.seed).isEqualTo(4711L);
    assertThat(status.timings.replayP99Millis).isEqualTo(2.5);
    var deterministic = Conditions.find(status.conditions, "Deterministic");
    assertThat(deterministic.getStatus()).isEqualTo("False");
    assertThat(deterministic.getReason()).isEqualTo("MismatchFound");
    assertThat(deterministic.getMessage()).contains("seed 4711 at steps/2 (label)");
  }

  @Test
  void cleanResultsMakeItDeterministicAndNoResultsLeaveItUnknown() {
    ShadowRun run = shadowRun(3, null, null);
    assertThat(
            Conditions.find(
                    status(run, new ShadowSummary(900, 0, 0, null, null, null)).conditions,
                    "Deterministic")
                .getStatus())
        .isEqualTo("True");
    ShadowRunStatus unknown = status(run, null);
    assertThat(Conditions.find(unknown.conditions, "Deterministic").getStatus())
        .isEqualTo("Unknown");
    assertThat(unknown.mismatches).isNull();
  }

  @Test
  void crossWorkerWithOneIterationIsNotCalledDeterministic() {
    ShadowRun run = shadowRun(3, null, null);
    run.getSpec().mode = ShadowMode.CROSS_WORKER;
    run.getSpec().iterations = 1;
    ShadowRunStatus status = status(run, new ShadowSummary(7500, 0, 0, null, null, null));

    assertThat(status.workflowsReplayed).isEqualTo(7500);
    var deterministic = Conditions.find(status.conditions, "Deterministic");
    assertThat(deterministic.getStatus()).isEqualTo("Unknown");
    assertThat(deterministic.getReason()).isEqualTo("NothingCompared");
    assertThat(deterministic.getMessage()).contains("iterations to 2 or more");

    run.getSpec().iterations = null; // the CRD's default compares
    assertThat(Conditions.find(status(run, null).conditions, "Deterministic").getReason())
        .isEqualTo("NoResults");
  }

  @Test
  void zeroWorkersPauseTheRun() {
    ShadowRunStatus status = status(shadowRun(0, null, null), null);
    assertThat(status.phase).isEqualTo(Phase.Suspended);
    assertThat(Conditions.find(status.conditions, "Suspended").getStatus()).isEqualTo("True");
  }

  @Test
  void aMissingWorkflowKeepsTheRunPending() {
    ShadowRunStatus status =
        ShadowRunStatusAggregator.desired(
            shadowRun(3, null, null),
            new ShadowRunStatusAggregator.Problem(
                Phase.Pending, "WorkflowNotFound", "Workflow orders does not exist"),
            null,
            null,
            T0,
            T0);
    assertThat(status.phase).isEqualTo(Phase.Pending);
    assertThat(Conditions.find(status.conditions, "Ready").getReason())
        .isEqualTo("WorkflowNotFound");
  }
}
