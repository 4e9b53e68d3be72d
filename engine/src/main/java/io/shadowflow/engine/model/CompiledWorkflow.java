package io.shadowflow.engine.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.api.WorkflowSpec;
import io.shadowflow.engine.run.RunIdentity;
import java.util.List;

/**
 * A validated workflow: everything the executor needs, and the definition hash that identifies it.
 *
 * @param cleanup the {@code finally} steps, run after the steps however they ended
 * @param definition the canonical definition: the spec without seed, replicas and golden settings
 */
public record CompiledWorkflow(
    String namespace,
    String name,
    String type,
    long seed,
    ObjectNode input,
    List<CompiledStep> steps,
    List<CompiledStep> cleanup,
    WorkflowSpec spec,
    ObjectNode definition,
    String definitionHash) {

  /** The id of this workflow's run of {@code lineage} (empty for a first run). */
  public String runId(String lineage) {
    return RunIdentity.runId(namespace, name, definitionHash, seed, lineage);
  }

  /**
   * The steps the tree holds before it runs: each step, branch steps, a loop's body once, cleanup
   * steps. A loop's further iterations and a plan's steps come on top.
   */
  public int knownSteps() {
    return count(steps) + count(cleanup);
  }

  private static int count(List<CompiledStep> list) {
    int count = 0;
    for (CompiledStep step : list) {
      count += 1;
      for (StepBlock block : step.blocks()) {
        count += count(block.steps());
      }
    }
    return count;
  }

  /** The same workflow with other steps: for tests that instrument steps, and for tooling. */
  public CompiledWorkflow withSteps(List<CompiledStep> newSteps) {
    return new CompiledWorkflow(
        namespace,
        name,
        type,
        seed,
        input,
        List.copyOf(newSteps),
        cleanup,
        spec,
        definition,
        definitionHash);
  }

  /** The same workflow with another seed, as shadow runs replay it. */
  public CompiledWorkflow withSeed(long newSeed) {
    return new CompiledWorkflow(
        namespace, name, type, newSeed, input, steps, cleanup, spec, definition, definitionHash);
  }
}
