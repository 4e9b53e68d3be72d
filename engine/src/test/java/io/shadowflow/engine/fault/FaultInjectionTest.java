package io.shadowflow.engine.fault;

import static io.shadowflow.engine.testing.Manifests.compileYaml;
import static io.shadowflow.engine.testing.Manifests.workflowYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shadowflow.api.FaultName;
import io.shadowflow.engine.checkpoint.FailureEvent;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.checkpoint.RunState;
import io.shadowflow.engine.checkpoint.RunStatus;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.failure.Category;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.testing.CheckpointAudit;
import io.shadowflow.engine.testing.FailureRows;
import io.shadowflow.engine.testing.FakeTime;
import io.shadowflow.engine.testing.PostgresStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every fault type, injected into the middle step of a three-step run against the real PostgreSQL:
 * the run recovers as the fault's catalog code says, or fails (or stops, to resume) with exactly
 * that code; and every checkpoint it left re-hashes to its recorded hash.
 */
class FaultInjectionTest {
  private static final CompiledWorkflow WORKFLOW =
      compileYaml(
          workflowYaml(
              "faulty",
              """
              - {name: a, kind: transform, expr: '{"qty": input.qty}'}
              - {name: b, kind: random, min: 1, max: 1000}
              - {name: c, kind: transform, expr: 'steps.b.output * steps.a.output.qty'}
              """));
  private static final double PROBABILITY = 0.5;

  /** What each fault leads to. */
  private enum Expect {
    RECOVERS_BY_RETRY,
    RECOVERS_BY_REWRITE,
    STOPS_TO_RESUME,
    FAILS_RUN
  }

  private static final Map<FaultType, Expect> EXPECTED =
      Map.ofEntries(
          Map.entry(FaultType.CONNECTION_RESET, Expect.RECOVERS_BY_RETRY),
          Map.entry(FaultType.TIMEOUT, Expect.RECOVERS_BY_RETRY),
          Map.entry(FaultType.HTTP_503, Expect.RECOVERS_BY_RETRY),
          Map.entry(FaultType.DB_CONNECTION_LOST, Expect.RECOVERS_BY_REWRITE),
          Map.entry(FaultType.POOL_EXHAUSTED, Expect.RECOVERS_BY_REWRITE),
          Map.entry(FaultType.DISK_FULL, Expect.STOPS_TO_RESUME),
          Map.entry(FaultType.OUT_OF_MEMORY, Expect.STOPS_TO_RESUME),
          Map.entry(FaultType.HTTP_401, Expect.FAILS_RUN),
          Map.entry(FaultType.HTTP_403, Expect.FAILS_RUN),
          Map.entry(FaultType.HTTP_404, Expect.FAILS_RUN),
          Map.entry(FaultType.DENIED_KIND, Expect.FAILS_RUN),
          Map.entry(FaultType.MALFORMED_RESPONSE, Expect.FAILS_RUN),
          Map.entry(FaultType.SCHEMA_VIOLATION, Expect.FAILS_RUN));

  @RegisterExtension final PostgresStore postgres = new PostgresStore();

  @Test
  void twelveOrMoreFaultTypesCoverAllFiveCategories() {
    assertThat(FaultType.values()).hasSizeGreaterThanOrEqualTo(12);
    assertThat(EXPECTED).containsOnlyKeys(FaultType.values());
    assertThat(Arrays.stream(FaultType.values()).map(f -> f.code().category()).distinct())
        .containsExactlyInAnyOrder(Category.values());
  }

  @Test
  void everyFaultNameUsersWriteHasItsFaultType() {
    assertThat(Arrays.stream(FaultName.values()).map(FaultType::of).map(FaultType::name))
        .containsExactlyElementsOf(Arrays.stream(FaultType.values()).map(Enum::name).toList());
  }

  /** A seed whose run meets the fault at steps/1's first attempt only. */
  private static long seedHittingOnlyTheMiddleStep(FaultPlan plan) {
    return IntStream.range(0, 10_000)
        .filter(
            seed ->
                plan.draw(seed, "steps/0", 1).isEmpty()
                    && plan.draw(seed, "steps/1", 1).isPresent()
                    && plan.draw(seed, "steps/1", 2).isEmpty()
                    && plan.draw(seed, "steps/2", 1).isEmpty())
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(FaultType.class)
  void eachFaultRecoversOrFailsAsItsCodeSaysWithoutCorruptingCheckpoints(FaultType type)
      throws Exception {
    FaultPlan plan = new FaultPlan(List.of(type), PROBABILITY);
    long seed = seedHittingOnlyTheMiddleStep(plan);
    CompiledWorkflow workflow = WORKFLOW.withSeed(seed);
    RunOptions faulty = RunOptions.DEFAULT.withFaults(plan);
    InMemoryCheckpointStore reference = new InMemoryCheckpointStore();
    RunResult clean = new FakeTime().executor(reference).run(workflow, ExecutionListener.NONE);
    FakeTime time = new FakeTime();

    RunResult result;
    if (EXPECTED.get(type) == Expect.STOPS_TO_RESUME) {
      WorkflowFailure stop =
          catchThrowableOfType(
              WorkflowFailure.class,
              () -> time.executor(postgres.store()).run(workflow, faulty, ExecutionListener.NONE));
      assertThat(stop.code()).isEqualTo(type.code());
      RunState stopped = postgres.store().readRun(clean.runId());
      assertThat(stopped.status()).isEqualTo(RunStatus.RUNNING);
      // steps/0 only computes: it was held for the next commit, and went with the process.
      assertThat(stopped.steps()).isEmpty();
      // Started again with the same faults, as docs/fault-injection.md says: the stop struck
      // once, so the run computes steps/0 again and goes on.
      result = time.executor(postgres.store()).run(workflow, faulty, ExecutionListener.NONE);
      assertThat(result.restoredSteps()).isZero();
    } else {
      result = time.executor(postgres.store()).run(workflow, faulty, ExecutionListener.NONE);
    }

    RunState state = postgres.store().readRun(result.runId());
    CheckpointAudit.verify(state, workflow.type(), seed);
    CheckpointAudit.sameRecords(state, reference.readRun(clean.runId()));
    assertThat(FailureRows.injected(postgres.database(), result.runId()))
        .containsExactly("steps/1#1 " + type.code() + " " + type.code().category());
    switch (EXPECTED.get(type)) {
      case RECOVERS_BY_RETRY -> {
        assertThat(result.workflowHash()).isEqualTo(clean.workflowHash());
        assertThat(state.steps().get(1).attempts()).isEqualTo(2);
      }
      case RECOVERS_BY_REWRITE, STOPS_TO_RESUME -> {
        assertThat(result.workflowHash()).isEqualTo(clean.workflowHash());
        assertThat(state.steps().get(1).attempts()).isEqualTo(1);
      }
      case FAILS_RUN -> {
        assertThat(result.success()).isFalse();
        assertThat(result.errorCode()).isEqualTo(type.code().name());
        assertThat(result.failedStep()).isEqualTo("steps/1");
        assertThat(result.errorMessage()).contains("injected fault " + type);
        assertThat(state.steps()).extracting(StepRecord::path).containsExactly("steps/0");
      }
    }
  }

  @Test
  void theSameSeedInjectsTheSameFaults() throws Exception {
    FaultPlan plan =
        new FaultPlan(
            List.of(FaultType.HTTP_503, FaultType.CONNECTION_RESET, FaultType.DB_CONNECTION_LOST),
            0.4);
    long seed =
        IntStream.range(0, 1000)
            .filter(s -> plan.draw(s, "steps/0", 1).isPresent())
            .findFirst()
            .orElseThrow();
    CompiledWorkflow workflow = WORKFLOW.withSeed(seed);
    InMemoryCheckpointStore first = new InMemoryCheckpointStore();
    InMemoryCheckpointStore second = new InMemoryCheckpointStore();
    RunOptions options = RunOptions.DEFAULT.withFaults(plan);
    RunResult one = new FakeTime().executor(first).run(workflow, options, ExecutionListener.NONE);
    RunResult two = new FakeTime().executor(second).run(workflow, options, ExecutionListener.NONE);

    List<String> faults =
        first.failures(one.runId()).stream().map(FaultInjectionTest::describe).toList();
    assertThat(faults).isNotEmpty();
    assertThat(second.failures(two.runId()).stream().map(FaultInjectionTest::describe).toList())
        .isEqualTo(faults);
    assertThat(two.workflowHash()).isEqualTo(one.workflowHash());
  }

  private static String describe(FailureEvent failure) {
    return failure.path() + "#" + failure.attempt() + " " + failure.code();
  }
}
