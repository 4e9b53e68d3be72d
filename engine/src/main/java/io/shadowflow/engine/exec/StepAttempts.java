package io.shadowflow.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.api.RetrySpec;
import io.shadowflow.engine.checkpoint.StepProgress;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.RecoveryMode;
import io.shadowflow.engine.failure.RetryPolicy;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.fault.FaultPlan;
import io.shadowflow.engine.fault.FaultType;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.Durations;
import io.shadowflow.engine.model.StepResult;
import io.shadowflow.engine.policy.PolicyEnforcer;
import io.shadowflow.engine.retry.Backoff;
import io.shadowflow.engine.retry.RetryRules;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes the attempts of one step until one succeeds or the step's retry policy gives up. The retry
 * state is recorded before every backoff, so a run killed while it waits resumes with the same
 * attempt number at the same due time.
 */
final class StepAttempts {
  /** Checks a successful attempt's result before it may be committed (the planner sandbox). */
  @FunctionalInterface
  interface ResultCheck {
    ResultCheck NONE = result -> {};

    void check(StepResult result);
  }

  /** A successful attempt, and the fault (if any) its checkpoint write is to meet. */
  record Success(
      StepResult result,
      int attempt,
      long durationMs,
      Optional<FaultType> fault,
      JsonNode externals) {}

  private final ExecutionContext.RunScope scope;
  private final PolicyEnforcer enforcer;
  private final FaultPlan faults;
  private final RetrySpec workflowRetry;
  private final FailureSink failures;

  StepAttempts(
      ExecutionContext.RunScope scope,
      PolicyEnforcer enforcer,
      FaultPlan faults,
      RetrySpec workflowRetry,
      FailureSink failures) {
    this.scope = scope;
    this.enforcer = enforcer;
    this.faults = faults;
    this.workflowRetry = workflowRetry;
    this.failures = failures;
  }

  /**
   * @param progress the step's retry state left by an earlier process, if any
   * @throws StepFailed when the step fails for good
   * @throws WorkflowFailure when the run must stop and resume later from its checkpoint
   */
  Success run(
      CompiledStep step,
      Optional<StepProgress> progress,
      Instant now,
      Map<String, Object> variables,
      ResultCheck check)
      throws StepFailed, InterruptedException {
    int attempt = progress.map(StepProgress::attempt).orElse(1);
    Instant due = progress.map(StepProgress::nextAttemptAt).orElse(null);
    RetryRules rules = RetryRules.of(step.spec().retry, workflowRetry);
    while (true) {
      if (due != null) {
        scope.waitUntil(due);
      }
      try {
        enforcer.checkTime(label(step));
      } catch (WorkflowFailure timeUp) {
        throw new StepFailed(step, timeUp);
      }
      int thisAttempt = attempt;
      Optional<FaultType> fault =
          faults
              .draw(scope.seed(), step.path(), attempt)
              .filter(drawn -> !stoppedThisAttemptBefore(drawn, progress, thisAttempt));
      long started = System.nanoTime();
      try {
        if (fault.isPresent() && fault.get().stage() == FaultType.Stage.ATTEMPT) {
          throw fault.get().raise(label(step));
        }
        var context = new ExecutionContext(scope, step.path(), attempt, now, variables);
        StepResult result =
            step.kind().waits(step.spec())
                ? GuardedExecution.run(step, context, limit(step), timeout(step))
                : GuardedExecution.run(step, context);
        check.check(result);
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        return new Success(result, attempt, durationMs, fault, context.recordedExternals());
      } catch (WorkflowFailure failure) {
        due = retryDue(step, attempt, failure, rules);
        attempt++;
      }
    }
  }

  /**
   * Whether {@code fault}, a fault that stops the process, already stopped this attempt in an
   * earlier process: the step's progress holds the attempt with the fault's code. It strikes once,
   * so the resumed run goes on and ends with the hash docs/fault-injection.md promises.
   */
  private static boolean stoppedThisAttemptBefore(
      FaultType fault, Optional<StepProgress> progress, int attempt) {
    return fault.stopsTheProcess()
        && progress
            .filter(p -> p.attempt() == attempt && fault.code().name().equals(p.lastErrorCode()))
            .isPresent();
  }

  /** Records the failure, and returns when the next attempt is due, or throws if none is. */
  private Instant retryDue(
      CompiledStep step, int attempt, WorkflowFailure failure, RetryRules rules) throws StepFailed {
    if (failure.code().recovery() == RecoveryMode.RESUME_FROM_CHECKPOINT) {
      failures.record(step, attempt, attempt, failure, null);
      throw failure;
    }
    RetryPolicy policy = rules.policyFor(failure.code());
    // Whole milliseconds: the due time must read back from the store exactly as it was written.
    Instant due =
        scope
            .wallClock()
            .instant()
            .plus(Backoff.after(policy, scope.seed(), step.path(), attempt))
            .truncatedTo(ChronoUnit.MILLIS);
    boolean timeLeft = enforcer.runDeadline().map(due::isBefore).orElse(true);
    if (!policy.allowsAnotherAfter(attempt) || !timeLeft) {
      failures.record(step, attempt, attempt, failure, null);
      throw StepFailed.recorded(step, finalFailure(failure, attempt, timeLeft));
    }
    failures.record(step, attempt, attempt + 1, failure, due);
    return due;
  }

  private static WorkflowFailure finalFailure(
      WorkflowFailure failure, int attempts, boolean timeLeft) {
    if (attempts == 1 && timeLeft) {
      return failure;
    }
    String note =
        timeLeft
            ? " (gave up after " + attempts + " attempts)"
            : " (attempt " + attempts + "; the next one would be due after the run's timeout)";
    return new WorkflowFailure(failure.code(), failure.getMessage() + note, failure);
  }

  /** How long this attempt may take: the step's timeout, or what is left of the run's time. */
  private Duration limit(CompiledStep step) {
    Duration stepLimit = stepTimeout(step);
    Duration runLeft =
        enforcer
            .runDeadline()
            .map(deadline -> Duration.between(scope.wallClock().instant(), deadline))
            .orElse(null);
    if (runLeft != null && runLeft.compareTo(stepLimit) < 0) {
      return runLeft;
    }
    return stepLimit;
  }

  /** The failure of an attempt that ran out of time: whichever limit was the nearer. */
  private Supplier<WorkflowFailure> timeout(CompiledStep step) {
    Duration stepLimit = stepTimeout(step);
    if (stepLimit.equals(limit(step))) {
      String written =
          step.spec().timeout != null && stepLimit.equals(Durations.parse(step.spec().timeout))
              ? step.spec().timeout
              : stepLimit.toSeconds() + "s (the default of kind " + step.kind().name() + ")";
      return () ->
          WorkflowFailure.of(
              FailureCode.STEP_TIMEOUT, Map.of("step", label(step), "limit", written));
    }
    return () -> enforcer.timeoutFailure(label(step));
  }

  /** The step's timeout, or its kind's default: never none. */
  private static Duration stepTimeout(CompiledStep step) {
    return step.kind().attemptTimeout(step.spec());
  }

  static String label(CompiledStep step) {
    return step.path() + " (" + step.name() + ")";
  }
}
