package io.shadowflow.engine.exec;

import io.shadowflow.engine.checkpoint.RunOutcome;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.RetryPolicy;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.fault.FaultType;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.retry.Backoff;
import java.util.Optional;

/**
 * Commits a step's record, retrying writes that failed transiently under the failure code's catalog
 * policy: a commit is idempotent, so repeating one whose acknowledgement was lost is safe.
 */
final class Checkpointer {
  private final ExecutionContext.RunScope scope;
  private final FailureSink failures;

  Checkpointer(ExecutionContext.RunScope scope, FailureSink failures) {
    this.scope = scope;
    this.failures = failures;
  }

  /**
   * @param end how the run ended, when this is its last step: it commits with the step
   * @param fault a fault the first write meets, if the fault plan drew one for this attempt
   * @throws StepFailed when the step's result differs from the one already committed
   * @throws WorkflowFailure when the store cannot take the write now: the run resumes later
   */
  void commit(CompiledStep step, StepRecord record, RunOutcome end, Optional<FaultType> fault)
      throws StepFailed, InterruptedException {
    for (int write = 1; ; write++) {
      try {
        Optional<FaultType> strikes = write == 1 ? fault : Optional.empty();
        if (strikes.filter(f -> f.stage() == FaultType.Stage.BEFORE_COMMIT).isPresent()) {
          throw strikes.get().raise(StepAttempts.label(step));
        }
        if (end == null) {
          scope.store().commitStep(scope.runId(), record);
        } else {
          scope.store().commitLastStep(scope.runId(), record, end);
        }
        if (strikes.filter(f -> f.stage() == FaultType.Stage.AFTER_COMMIT).isPresent()) {
          throw strikes.get().raise(StepAttempts.label(step));
        }
        return;
      } catch (WorkflowFailure failure) {
        failures.record(step, record.attempts(), record.attempts(), failure, null);
        if (failure.code() == FailureCode.DETERMINISM_VIOLATION) {
          throw StepFailed.recorded(step, failure);
        }
        RetryPolicy policy = failure.code().defaultRetry();
        if (!policy.allowsAnotherAfter(write)) {
          throw failure;
        }
        scope.sleeper().sleep(Backoff.after(policy, scope.seed(), step.path() + "/commit", write));
      }
    }
  }
}
