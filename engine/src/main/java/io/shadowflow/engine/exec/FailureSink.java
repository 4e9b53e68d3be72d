package io.shadowflow.engine.exec;

import io.shadowflow.engine.analytics.FailureMetrics;
import io.shadowflow.engine.checkpoint.FailureEvent;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.CompiledStep;
import java.time.Instant;

/** Where a failed attempt goes: the step's durable retry state, analytics, metrics, listener. */
final class FailureSink {
  private final ExecutionContext.RunScope scope;
  private final FailureMetrics metrics;
  private final ExecutionListener listener;

  FailureSink(ExecutionContext.RunScope scope, FailureMetrics metrics, ExecutionListener listener) {
    this.scope = scope;
    this.metrics = metrics;
    this.listener = listener;
  }

  /**
   * Records a failed attempt. A retry is scheduled durably before anyone waits for it, so a store
   * failure here propagates; a final failure is recorded on a best-effort basis, since the run's
   * outcome carries it anyway.
   *
   * @param nextAttempt the attempt due next
   * @param retryAt when it is due, null when this failure is final for this process
   */
  void record(
      CompiledStep step, int attempt, int nextAttempt, WorkflowFailure failure, Instant retryAt) {
    metrics.count(failure.code());
    listener.attemptFailed(step, attempt, failure, retryAt);
    FailureEvent event =
        new FailureEvent(
            step.path(),
            step.name(),
            attempt,
            nextAttempt,
            failure.code(),
            failure.getMessage(),
            failure.injected(),
            retryAt,
            scope.wallClock().instant());
    if (failure.code() == FailureCode.RUN_OWNED_ELSEWHERE) {
      return; // the run is not this process's to write to any more
    }
    try {
      scope.store().recordFailure(scope.runId(), event);
    } catch (WorkflowFailure storeFailed) {
      if (retryAt != null) {
        throw storeFailed;
      }
    }
  }
}
