package io.shadowflow.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.CompiledWorkflow;

/** Hands every event of a run to two listeners: the console and the golden recorder. */
final class TeeListener implements ExecutionListener {
  private final ExecutionListener first;
  private final ExecutionListener second;

  TeeListener(ExecutionListener first, ExecutionListener second) {
    this.first = first;
    this.second = second;
  }

  @Override
  public void runStarted(CompiledWorkflow workflow, String runId, int committedSteps) {
    first.runStarted(workflow, runId, committedSteps);
    second.runStarted(workflow, runId, committedSteps);
  }

  @Override
  public void stepCompleted(CompiledStep step, StepRecord record) {
    first.stepCompleted(step, record);
    second.stepCompleted(step, record);
  }

  @Override
  public void stepRestored(CompiledStep step, StepRecord record) {
    first.stepRestored(step, record);
    second.stepRestored(step, record);
  }

  @Override
  public void stepFailed(CompiledStep step, WorkflowFailure failure) {
    first.stepFailed(step, failure);
    second.stepFailed(step, failure);
  }

  @Override
  public void externalResult(String path, String key, JsonNode entry) {
    first.externalResult(path, key, entry);
    second.externalResult(path, key, entry);
  }

  @Override
  public void runFinished(RunResult result) {
    first.runFinished(result);
    second.runFinished(result);
  }
}
