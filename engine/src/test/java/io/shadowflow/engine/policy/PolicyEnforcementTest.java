package io.shadowflow.engine.policy;

import static io.shadowflow.engine.testing.Manifests.compileYaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.testing.FailureRows;
import io.shadowflow.engine.testing.FakeTime;
import io.shadowflow.engine.testing.PostgresStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PolicyEnforcementTest {
  @RegisterExtension final PostgresStore postgres = new PostgresStore();

  private static String workflow(String policy, String steps) {
    return """
        apiVersion: shadowflow.io/v1alpha1
        kind: Workflow
        metadata: {name: guarded}
        spec:
          type: guarded
          seed: 1
          policy: %s
          steps:
        %s
        """
        .formatted(policy, steps.indent(2));
  }

  /** On the real clock: timeouts cut real work short. */
  private RunResult runInRealTime(String policy, String steps) throws InterruptedException {
    return new WorkflowExecutor(postgres.store())
        .run(compileYaml(workflow(policy, steps)), ExecutionListener.NONE);
  }

  private RunResult run(String policy, String steps) throws InterruptedException {
    return new FakeTime()
        .executor(postgres.store())
        .run(compileYaml(workflow(policy, steps)), ExecutionListener.NONE);
  }

  private static final String THREE_STEPS =
      """
      - {name: a, kind: transform, expr: '1'}
      - {name: b, kind: random, min: 1, max: 6}
      - {name: c, kind: transform, expr: 'steps.b.output + 1'}
      """;

  @Test
  void moreListedStepsThanMaxStepsAreRefusedAtValidationAsTheCrdDoes() {
    // Planned steps are counted at run time (PlannerSandboxTest); listed ones never get that far.
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> compileYaml(workflow("{maxSteps: 2}", THREE_STEPS))))
        .hasMessageContaining("spec.policy.maxSteps: allows 2 steps, but spec.steps lists 3");
  }

  @Test
  void budgetCountsKindCostsAndDeclaredCosts() throws Exception {
    RunResult result =
        run(
            "{budget: 6}",
            """
            - {name: a, kind: transform, expr: '1'}
            - {name: b, kind: transform, expr: '2', cost: 5}
            - {name: c, kind: transform, expr: '3'}
            """);
    assertThat(result.errorCode()).isEqualTo("POLICY_BUDGET");
    assertThat(result.failedStep()).isEqualTo("steps/2");
    assertThat(result.errorMessage()).contains("budget is 6, 6 is spent and the step costs 1");
    assertThat(run("{budget: 7}", THREE_STEPS.replace("'1'}", "'1', cost: 5}")).success()).isTrue();
  }

  @Test
  void deniedAndNotAllowedKindsFailTheRunNamingPolicyAndStep() throws Exception {
    RunResult denied = run("{deniedKinds: [random]}", THREE_STEPS);
    assertThat(denied.errorCode()).isEqualTo("POLICY_KIND_DENIED");
    assertThat(denied.errorMessage())
        .isEqualTo("steps/1 (b): policy deniedKinds forbids kind random");
    assertThat(postgres.store().readRun(denied.runId()).steps()).isEmpty();
    assertThat(FailureRows.of(postgres.database(), denied.runId()))
        .containsExactly("steps/1#1 POLICY_KIND_DENIED PERMISSION");

    RunResult notAllowed = run("{allowedKinds: [transform]}", THREE_STEPS);
    assertThat(notAllowed.errorCode()).isEqualTo("POLICY_KIND_NOT_ALLOWED");
    assertThat(notAllowed.failedStep()).isEqualTo("steps/1");
  }

  @Test
  void aStepTimeoutFailsTheAttemptAndIsRetriedAsItsRetrierSays() throws Exception {
    long started = System.nanoTime();
    RunResult result =
        runInRealTime(
            "{}",
            """
            - name: slow
              kind: sleep
              duration: 1h
              timeout: 200ms
              retry: [{errors: [STEP_TIMEOUT], maxAttempts: 2, initialInterval: 10ms}]
            """);
    assertThat(result.errorCode()).isEqualTo("STEP_TIMEOUT");
    assertThat(result.errorMessage())
        .startsWith("steps/0 (slow): the attempt ran longer than the step's timeout of 200ms")
        .contains("gave up after 2 attempts");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void theRunTimeoutStopsTheStepRunningWhenTimeIsUp() throws Exception {
    long started = System.nanoTime();
    RunResult result =
        runInRealTime(
            "{timeout: 300ms}",
            """
            - {name: a, kind: transform, expr: '1'}
            - {name: nap, kind: sleep, duration: 1h}
            """);
    assertThat(result.errorCode()).isEqualTo("POLICY_RUN_TIMEOUT");
    assertThat(result.failedStep()).isEqualTo("steps/1");
    assertThat(result.errorMessage()).startsWith("steps/1 (nap): policy timeout is 300ms");
    assertThat(result.stepHashes()).containsOnlyKeys("steps/0");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }
}
