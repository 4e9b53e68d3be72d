package io.shadowflow.operator.workflow;

import io.shadowflow.engine.exec.Parking;
import io.shadowflow.engine.runs.RunEdits;
import io.shadowflow.engine.runs.RunSummary;
import java.time.Instant;

/**
 * The run a Workflow currently stands for.
 *
 * @param lineage empty for a first run; a restart's or an edit's origin otherwise
 * @param refusedEdit the spec's edit that was refused, while the run goes on under its own
 *     definition; null when the run is the spec's
 * @param handingOver whether the run is to go on as the run of the edited spec once its engine has
 *     stopped: its Job is deleted meanwhile
 */
public record WorkflowRun(
    String runId,
    String lineage,
    RunSummary summary,
    RunEdits.Refuse refusedEdit,
    boolean handingOver) {

  /** The name of the engine Job of the run's current wake. */
  public String jobName(String workflowName) {
    return EngineJobs.name(workflowName, runId, summary.wakes());
  }

  /** Whether the run is parked and its wait not over: it wants no engine pod. */
  public boolean waiting(Instant now, Parking rule) {
    return summary.park() != null && !summary.park().over(now, rule);
  }
}
