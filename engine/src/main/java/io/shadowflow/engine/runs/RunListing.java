package io.shadowflow.engine.runs;

import io.shadowflow.engine.checkpoint.RunStatus;
import java.time.Instant;

/**
 * One row of a run list: what the list shows of a run, read from its row alone.
 *
 * @param workflowHash null until the run ends
 * @param finishedAt null while it runs
 * @param errorCode failure catalog code of a failed run, null otherwise
 */
public record RunListing(
    String runId,
    String namespace,
    String workflow,
    String workflowType,
    RunStatus status,
    String workflowHash,
    String errorCode,
    Instant startedAt,
    Instant finishedAt) {}
