package io.shadowflow.operator.workflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.shadowflow.api.ApiGroup;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.exec.RunDefinitions;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.runs.RunAllocator;
import io.shadowflow.engine.runs.RunForks;
import io.shadowflow.engine.runs.RunSummaries;
import io.shadowflow.operator.status.EventRecorder;
import java.time.Clock;
import java.util.Map;

/**
 * Reconcile step: makes sure the Workflow's current run exists in PostgreSQL, first carrying out a
 * restart from a step if the Workflow's annotation asks for one.
 *
 * <p>The current run's id follows from the spec and the lineage annotation alone, so the step is
 * idempotent: a restart forks its new run, then records the new lineage and removes the request in
 * one patch. Redone after a crash in between, it forks the same run again, which changes nothing.
 */
public final class RunAllocation {
  private final RunAllocator allocator;
  private final RunForks forks;
  private final RunSummaries summaries;
  private final EventRecorder events;
  private final Clock clock;

  public RunAllocation(
      RunAllocator allocator,
      RunForks forks,
      RunSummaries summaries,
      EventRecorder events,
      Clock clock) {
    this.allocator = allocator;
    this.forks = forks;
    this.summaries = summaries;
    this.events = events;
    this.clock = clock;
  }

  public WorkflowRun allocate(
      Workflow workflow, CompiledWorkflow compiled, KubernetesClient client) {
    Map<String, String> annotations = workflow.getMetadata().getAnnotations();
    String lineage = annotations == null ? "" : annotations.getOrDefault(ApiGroup.RUN_LINEAGE, "");
    String restartStep = annotations == null ? null : annotations.get(ApiGroup.RESTART_FROM_STEP);
    if (restartStep != null) {
      lineage = restart(workflow, compiled, lineage, restartStep, client);
    }
    RunOptions options = new RunOptions(lineage);
    String runId = RunDefinitions.runId(compiled, options);
    var summary = summaries.find(runId);
    if (summary.isEmpty()) {
      allocator.allocate(RunDefinitions.of(compiled, options, clock.instant()));
      summary = summaries.find(runId);
    }
    return new WorkflowRun(runId, lineage, summary.orElseThrow());
  }

  /** Forks the restarted run and returns the lineage the Workflow goes on with. */
  private String restart(
      Workflow workflow,
      CompiledWorkflow compiled,
      String lineage,
      String step,
      KubernetesClient client) {
    int index = indexOf(compiled, step);
    String newLineage = lineage;
    if (index < 0) {
      events.warning(
          workflow,
          "RestartRejected",
          "cannot restart from step '" + step + "': the workflow has no step of that name");
    } else {
      String source = RunDefinitions.runId(compiled, new RunOptions(lineage));
      newLineage = "restart/" + source + "/" + step;
      forks.fork(
          RunDefinitions.of(compiled, new RunOptions(newLineage), clock.instant()), source, index);
      events.normal(
          workflow,
          "Restarted",
          "new run "
              + RunDefinitions.runId(compiled, new RunOptions(newLineage))
              + " reuses the checkpoints of run "
              + source
              + " before step '"
              + step
              + "' and executes from it; the old run's records stay");
    }
    // One JSON patch records the new lineage and consumes the request together.
    ArrayNode patch = Serialization.jsonMapper().createArrayNode();
    patch.addObject().put("op", "remove").put("path", annotationPath(ApiGroup.RESTART_FROM_STEP));
    patch
        .addObject()
        .put("op", "add")
        .put("path", annotationPath(ApiGroup.RUN_LINEAGE))
        .put("value", newLineage);
    client
        .resources(Workflow.class)
        .inNamespace(workflow.getMetadata().getNamespace())
        .withName(workflow.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON), patch.toString());
    return newLineage;
  }

  /** The JSON pointer of an annotation: '/' in the key is escaped as ~1. */
  private static String annotationPath(String key) {
    return "/metadata/annotations/" + key.replace("~", "~0").replace("/", "~1");
  }

  private static int indexOf(CompiledWorkflow compiled, String step) {
    for (int i = 0; i < compiled.steps().size(); i++) {
      CompiledStep candidate = compiled.steps().get(i);
      if (candidate.name().equals(step)) {
        return i;
      }
    }
    return -1;
  }
}
