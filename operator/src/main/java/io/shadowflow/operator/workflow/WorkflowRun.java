package io.shadowflow.operator.workflow;

import io.shadowflow.engine.runs.RunSummary;

/**
 * The run a Workflow currently stands for.
 *
 * @param lineage empty for a first run; a restart's origin otherwise
 */
public record WorkflowRun(String runId, String lineage, RunSummary summary) {}
