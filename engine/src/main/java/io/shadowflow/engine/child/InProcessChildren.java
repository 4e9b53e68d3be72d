package io.shadowflow.engine.child;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.StepContext;
import java.util.Optional;

/**
 * Child workflows run in this process, on the parent's checkpoint store, as runs of their own: what
 * {@code shadowflow run} does, so a parent's hash needs no cluster. A resumed parent resumes its
 * child's run instead of starting another.
 */
public final class InProcessChildren implements ChildWorkflows {
  private final WorkflowExecutor executor;
  private final RunOptions options;
  private final WorkflowTemplates templates;
  private final WorkflowCompiler compiler = new WorkflowCompiler();

  /**
   * @param options how the parent runs: its children run the same way, as first runs, and start
   *     their own children here too
   * @param templates where children named by {@code workflowRef} find their steps; null when there
   *     is no database (checkpoints in memory)
   */
  public InProcessChildren(
      WorkflowExecutor executor, RunOptions options, WorkflowTemplates templates) {
    this.executor = executor;
    this.options = options.withChildren(this);
    this.templates = templates;
  }

  @Override
  public Optional<ArrayNode> templateSteps(String namespace, String name) {
    return templates == null ? Optional.empty() : templates.steps(namespace, name);
  }

  @Override
  public JsonNode run(ChildWorkflow child, StepContext context) throws InterruptedException {
    CompiledWorkflow workflow = compiler.compile(child.manifest());
    LastOutput last = new LastOutput(child.outputStep());
    RunResult result = executor.run(workflow, options, last);
    return ChildWorkflow.outcome(
        result.success() ? "SUCCEEDED" : "FAILED",
        result.workflowHash(),
        result.errorCode(),
        last.output);
  }

  /** Catches the output of the child's last step, whether this process ran it or restored it. */
  private static final class LastOutput implements ExecutionListener {
    private final String path;
    private JsonNode output;

    LastOutput(String path) {
      this.path = path;
    }

    @Override
    public void stepCompleted(CompiledStep step, StepRecord record) {
      keep(record);
    }

    @Override
    public void stepRestored(CompiledStep step, StepRecord record) {
      keep(record);
    }

    private void keep(StepRecord record) {
      if (record.path().equals(path)) {
        // As committed, so the parent sees what it would read back from the database.
        output = Json.parse(CanonicalJson.of(record.output()));
      }
    }
  }
}
