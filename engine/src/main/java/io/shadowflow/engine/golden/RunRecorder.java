package io.shadowflow.engine.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.StepPath;
import io.shadowflow.engine.run.EngineBuild;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Listens to one run and turns it into a {@link GoldenRecord}: the committed steps (executed or
 * restored from checkpoints) in the step tree's order, and the external results of the step that
 * failed, if one did. Branches report from several threads at once.
 */
public final class RunRecorder implements ExecutionListener {
  private final Map<String, GoldenStep> steps = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> externals = new ConcurrentHashMap<>();

  @Override
  public void stepCompleted(CompiledStep step, StepRecord record) {
    steps.put(record.path(), GoldenStep.of(record));
  }

  /** A restored step keeps the plugin that made it, whatever build runs now. */
  @Override
  public void stepRestored(CompiledStep step, StepRecord record) {
    steps.put(record.path(), GoldenStep.of(record));
  }

  @Override
  public void externalResult(String path, String key, JsonNode entry) {
    ObjectNode calls = externals.computeIfAbsent(path, p -> Json.object());
    synchronized (calls) {
      calls.set(key, entry);
    }
  }

  /** The record of the finished run {@code result} of {@code workflow}. */
  public GoldenRecord record(CompiledWorkflow workflow, RunResult result, JsonNode faultPlan) {
    List<GoldenStep> ordered = new ArrayList<>(steps.values());
    ordered.sort(Comparator.comparing(GoldenStep::path, StepPath.TREE_ORDER));
    return new GoldenRecord(
        result.runId(),
        workflow.namespace(),
        workflow.name(),
        result.workflowType(),
        result.seed(),
        workflow.definitionHash(),
        ordered,
        result.success(),
        result.errorCode(),
        result.failedStep(),
        result.failedStep() == null ? null : externals.get(result.failedStep()),
        result.workflowHash(),
        EngineBuild.current(),
        faultPlan,
        null);
  }
}
