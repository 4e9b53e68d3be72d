package io.shadowflow.operator.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.shadowflow.engine.runs.RunEdits;
import io.shadowflow.engine.runs.RunForks;
import io.shadowflow.engine.runs.RunSummaries;
import io.shadowflow.operator.status.EventRecorder;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Reconcile step: makes sure the Workflow's current run exists in PostgreSQL, first carrying out a
 * restart from a step if the Workflow's annotation asks for one, or an edit of the spec (see {@link
 * RunEdits}): one that keeps every committed step continues the run under the edited definition,
 * one that changes committed work is refused and the run goes on under its own, unless the Workflow
 * asks for a new run ({@code spec.onEdit: newRun}).
 *
 * <p>The current run's id follows from the spec and the lineage annotation alone, so the step is
 * idempotent: a restart forks its new run, then records the new lineage and removes the request in
 * one patch. Redone after a crash in between, it forks the same run again, which changes nothing.
 */
public final class RunAllocation {
  private final RunAllocator allocator;
  private final RunForks forks;
  private final RunEdits edits;
  private final RunSummaries summaries;
  private final EventRecorder events;
  private final Clock clock;

  public RunAllocation(
      RunAllocator allocator,
      RunForks forks,
      RunEdits edits,
      RunSummaries summaries,
      EventRecorder events,
      Clock clock) {
    this.allocator = allocator;
    this.forks = forks;
    this.edits = edits;
    this.summaries = summaries;
    this.events = events;
    this.clock = clock;
  }

  public WorkflowRun allocate(
      Workflow workflow, CompiledWorkflow compiled, KubernetesClient client) {
    Map<String, String> annotations = workflow.getMetadata().getAnnotations();
    String lineage = lineage(workflow);
    String restartStep = annotations == null ? null : annotations.get(ApiGroup.RESTART_FROM_STEP);
    if (restartStep != null) {
      lineage = restart(workflow, compiled, lineage, restartStep, client);
    }
    String previous = workflow.getStatus() == null ? null : workflow.getStatus().runId;
    String runId = RunDefinitions.runId(compiled, new RunOptions(lineage));
    if (restartStep == null && previous != null && !previous.equals(runId) && keepsRuns(workflow)) {
      RunEdits.Decision decision = edits.decide(compiled, previous);
      if (decision instanceof RunEdits.Refuse refused) {
        return refuse(workflow, previous, refused);
      }
      if (decision instanceof RunEdits.Continue going) {
        Optional<String> continued = continueEdit(workflow, compiled, going, client);
        if (continued.isEmpty()) {
          return handOver(workflow, previous);
        }
        lineage = continued.get();
      }
    }
    RunOptions options = new RunOptions(lineage);
    runId = RunDefinitions.runId(compiled, options);
    var summary = summaries.find(runId);
    if (summary.isEmpty()) {
      allocator.allocate(RunDefinitions.of(compiled, options, clock.instant()));
      summary = summaries.find(runId);
    }
    return new WorkflowRun(runId, lineage, summary.orElseThrow(), null, false);
  }

  private static boolean keepsRuns(Workflow workflow) {
    return !"newRun".equals(workflow.getSpec().onEdit);
  }

  /** The previous run goes on under its own definition; the status says why the edit is not run. */
  private WorkflowRun refuse(Workflow workflow, String previous, RunEdits.Refuse refused) {
    events.warning(workflow, "EditRejected", refused.field() + ": " + refused.reason());
    String lineage =
        workflow.getMetadata().getAnnotations() == null
            ? ""
            : workflow.getMetadata().getAnnotations().getOrDefault(ApiGroup.RUN_LINEAGE, "");
    return new WorkflowRun(
        previous, lineage(workflow), summaries.find(previous).orElseThrow(), refused, false);
  }

  /** The previous run's engine still holds it: its Job goes, and the edit continues after. */
  private WorkflowRun handOver(Workflow workflow, String previous) {
    return new WorkflowRun(
        previous, lineage(workflow), summaries.find(previous).orElseThrow(), null, true);
  }

  private static String lineage(Workflow workflow) {
    Map<String, String> annotations = workflow.getMetadata().getAnnotations();
    return annotations == null ? "" : annotations.getOrDefault(ApiGroup.RUN_LINEAGE, "");
  }

  /**
   * Hands the previous run over to the edited run; returns the edited run's lineage, or empty while
   * the previous run's engine still holds it.
   */
  private Optional<String> continueEdit(
      Workflow workflow,
      CompiledWorkflow compiled,
      RunEdits.Continue going,
      KubernetesClient client) {
    String lineage = "edit/" + going.source();
    RunOptions options = new RunOptions(lineage);
    if (!edits.continueRun(RunDefinitions.of(compiled, options, clock.instant()), going)) {
      return Optional.empty();
    }
    events.normal(
        workflow,
        "EditContinued",
        "run "
            + RunDefinitions.runId(compiled, options)
            + " goes on under the edited spec with the committed steps "
            + going.steps()
            + " of run "
            + going.source()
            + ", which are not run again");
    patchLineage(workflow, client, lineage, false);
    return Optional.of(lineage);
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
    patchLineage(workflow, client, newLineage, true);
    return newLineage;
  }

  /**
   * Records the lineage, consuming a restart request in the same merge patch. A merge patch, not a
   * JSON patch: a JSON patch cannot add a key to annotations the stored object does not have, and a
   * cached object shows absent annotations as an empty map, so the two cannot be told apart here.
   */
  private static void patchLineage(
      Workflow workflow, KubernetesClient client, String lineage, boolean restartConsumed) {
    ObjectNode patch = Serialization.jsonMapper().createObjectNode();
    ObjectNode annotations = patch.putObject("metadata").putObject("annotations");
    annotations.put(ApiGroup.RUN_LINEAGE, lineage);
    if (restartConsumed) {
      annotations.putNull(ApiGroup.RESTART_FROM_STEP);
    }
    client
        .resources(Workflow.class)
        .inNamespace(workflow.getMetadata().getNamespace())
        .withName(workflow.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
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
