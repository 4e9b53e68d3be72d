package io.shadowflow.engine.exec;

import io.shadowflow.engine.checkpoint.RunOutcome;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.RetryPolicy;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.fault.FaultType;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.retry.Backoff;
import java.util.List;
import java.util.Optional;

/**
 * Commits a step's record, with the records the run held back before it, retrying writes that
 * failed transiently under the failure code's catalog policy: a commit is idempotent, so repeating
 * one whose acknowledgement was lost is safe.
 */
final class Checkpointer {
  private final ExecutionContext.RunScope scope;
  private final FailureSink failures;

  Checkpointer(ExecutionContext.RunScope scope, FailureSink failures) {
    this.scope = scope;
    this.failures = failures;
  }

  /**
   * @param records the records to commit together, {@code step}'s own last
   * @param end how the run ended, when this is its last step: it commits with the step
   * @param fault a fault the first write meets, if the fault plan drew one for this attempt
   * @throws StepFailed when a result differs from the one already committed
   * @throws WorkflowFailure when the store cannot take the write now: the run resumes later
   */
  void commit(
      CompiledStep step, List<StepRecord> records, RunOutcome end, Optional<FaultType> fault)
      throws StepFailed, InterruptedException {
    StepRecord record = records.get(records.size() - 1);
    for (int write = 1; ; write++) {
      try {
        Optional<FaultType> strikes = write == 1 ? fault : Optional.empty();
        if (strikes.filter(f -> f.stage() == FaultType.Stage.BEFORE_COMMIT).isPresent()) {
          throw strikes.get().raise(StepAttempts.label(step));
        }
        scope.store().commitSteps(scope.runId(), records, end);
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
