package io.shadowflow.certify;

import io.shadowflow.api.Workflow;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.operator.workflow.SpecValidation;
import java.util.concurrent.CompletableFuture;

/**
 * The workflow hash a Workflow's run must end with: this engine build runs the same manifest,
 * uninterrupted, with checkpoints in memory (what {@code ./shadowflow run FILE --in-memory} does),
 * beside the cluster's run.
 */
final class ExpectedRun {
  private ExpectedRun() {}

  /** Starts the run now; {@code lineage} is the run's, empty for a first run. */
  static CompletableFuture<String> hash(Workflow workflow, String lineage) {
    var compiled = new WorkflowCompiler().compile(SpecValidation.manifest(workflow));
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new WorkflowExecutor(new InMemoryCheckpointStore())
                .run(compiled, new RunOptions(lineage), ExecutionListener.NONE)
                .workflowHash();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        });
  }
}
