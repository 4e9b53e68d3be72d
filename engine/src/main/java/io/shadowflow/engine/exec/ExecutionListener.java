package io.shadowflow.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.CompiledWorkflow;
import java.time.Instant;

/** Hears what a run does, for progress output and metrics. Every method is optional. */
public interface ExecutionListener {
  ExecutionListener NONE = new ExecutionListener() {};

  default void runStarted(CompiledWorkflow workflow, String runId, int committedSteps) {}

  /** A step that was executed and committed now. */
  default void stepCompleted(CompiledStep step, StepRecord record) {}

  /**
   * A step whose committed result was taken from its checkpoint.
   *
   * @param step null when the run had ended before this process opened it: only its records are at
   *     hand
   */
  default void stepRestored(CompiledStep step, StepRecord record) {}

  /**
   * An attempt of a step failed.
   *
   * @param retryAt when the next attempt is due, null if the failure is final for this process
   */
  default void attemptFailed(
      CompiledStep step, int attempt, WorkflowFailure failure, Instant retryAt) {}

  /** A step failed for good: the run ends with its failure. */
  default void stepFailed(CompiledStep step, WorkflowFailure failure) {}

  /**
   * An external call's recorded entry, made live or served from a record; heard before the step
   * commits or fails, so a failed step's calls are known too.
   */
  default void externalResult(String path, String key, JsonNode entry) {}

  default void runFinished(RunResult result) {}
}
