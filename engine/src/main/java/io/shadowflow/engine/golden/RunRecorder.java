package io.shadowflow.engine.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.run.EngineBuild;
import java.util.ArrayList;
import java.util.List;

/**
 * Listens to one run and turns it into a {@link GoldenRecord}: the committed steps (executed or
 * restored from checkpoints) and the external results of the step that failed, if one did.
 */
public final class RunRecorder implements ExecutionListener {
  private final List<GoldenStep> steps = new ArrayList<>();
  private String lastExternalPath;
  private ObjectNode lastExternals;

  @Override
  public void stepCompleted(CompiledStep step, StepRecord record) {
    steps.add(GoldenStep.of(record));
  }

  @Override
  public void stepRestored(CompiledStep step, StepRecord record) {
    steps.add(GoldenStep.of(record));
  }

  @Override
  public void externalResult(String path, String key, JsonNode entry) {
    // Steps run one at a time: only the latest step's calls can belong to a failed step.
    if (!path.equals(lastExternalPath)) {
      lastExternalPath = path;
      lastExternals = Json.object();
    }
    lastExternals.set(key, entry);
  }

  /** The record of the finished run {@code result} of {@code workflow}. */
  public GoldenRecord record(CompiledWorkflow workflow, RunResult result, JsonNode faultPlan) {
    boolean failedWithCalls =
        result.failedStep() != null && result.failedStep().equals(lastExternalPath);
    return new GoldenRecord(
        result.runId(),
        workflow.namespace(),
        workflow.name(),
        result.workflowType(),
        result.seed(),
        workflow.definitionHash(),
        steps,
        result.success(),
        result.errorCode(),
        result.failedStep(),
        failedWithCalls ? lastExternals : null,
        result.workflowHash(),
        EngineBuild.current(),
        faultPlan,
        null);
  }
}
