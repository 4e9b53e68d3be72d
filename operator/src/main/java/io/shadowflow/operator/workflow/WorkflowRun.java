package io.shadowflow.operator.workflow;

import io.shadowflow.engine.runs.RunEdits;
import io.shadowflow.engine.runs.RunSummary;

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
    boolean handingOver) {}
