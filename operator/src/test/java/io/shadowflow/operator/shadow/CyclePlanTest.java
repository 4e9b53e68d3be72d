package io.shadowflow.operator.shadow;

import static io.shadowflow.operator.shadow.ShadowRunFixtures.T0;
import static io.shadowflow.operator.shadow.ShadowRunFixtures.job;
import static io.shadowflow.operator.shadow.ShadowRunFixtures.shadowRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.api.ShadowRun;
import io.shadowflow.operator.shadow.CyclePlan.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class CyclePlanTest {
  @Test
  void aNewShadowRunStartsItsFirstCycle() {
    CyclePlan plan = CyclePlan.plan(shadowRun(3, null, null), List.of(), T0, T0);
    assertThat(plan.action()).isEqualTo(Action.START);
    assertThat(plan.cycle()).isZero();
  }

  @Test
  void aRunningCycleIsKeptAndReshardedWhenTheWorkersChange() {
    ShadowRun run = shadowRun(3, null, null);
    var running = job(run, 0, null, T0);
    assertThat(CyclePlan.plan(run, List.of(running), T0, T0).action()).isEqualTo(Action.KEEP);
    run.getSpec().workers = 0;
    assertThat(CyclePlan.plan(run, List.of(running), T0, T0).action()).isEqualTo(Action.KEEP);
    run.getSpec().workers = 5;
    CyclePlan resharded = CyclePlan.plan(run, List.of(running), T0, T0);
    assertThat(resharded.action()).isEqualTo(Action.RESHARD);
    assertThat(resharded.cycle()).isZero();
  }

  @Test
  void aSingleCycleRunIsDoneWhenItsJobCompletes() {
    ShadowRun run = shadowRun(3, null, null);
    CyclePlan plan =
        CyclePlan.plan(run, List.of(job(run, 0, "Complete", T0)), T0, T0.plusSeconds(5));
    assertThat(plan.action()).isEqualTo(Action.DONE);
    assertThat(plan.completedCycles()).isEqualTo(1);
  }

  @Test
  void aContinuousRunWaitsForTheIntervalThenStartsTheNextCycleUntilItsDurationIsSpent() {
    ShadowRun run = shadowRun(3, "1h", "30s");
    var done = List.of(job(run, 6, "Complete", T0.plusSeconds(600)));

    CyclePlan waiting = CyclePlan.plan(run, done, T0, T0.plusSeconds(610));
    assertThat(waiting.action()).isEqualTo(Action.WAIT);
    assertThat(waiting.dueAt()).isEqualTo(T0.plusSeconds(630));
    assertThat(waiting.completedCycles()).isEqualTo(7);

    CyclePlan next = CyclePlan.plan(run, done, T0, T0.plusSeconds(631));
    assertThat(next.action()).isEqualTo(Action.START);
    assertThat(next.cycle()).isEqualTo(7);

    var late = List.of(job(run, 99, "Complete", T0.plusSeconds(3590)));
    assertThat(CyclePlan.plan(run, late, T0, T0.plusSeconds(3595)).action()).isEqualTo(Action.DONE);
  }

  @Test
  void aFailedWorkerJobFailsTheCycle() {
    ShadowRun run = shadowRun(3, "1h", "30s");
    assertThat(CyclePlan.plan(run, List.of(job(run, 2, "Failed", T0)), T0, T0).action())
        .isEqualTo(Action.FAILED);
  }
}
