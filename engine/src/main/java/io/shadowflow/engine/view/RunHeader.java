package io.shadowflow.engine.view;

import io.shadowflow.engine.checkpoint.RunStatus;
import java.time.Instant;

/**
 * What the top of a run's page shows: its identity, phase, hashes, input and how it failed.
 *
 * @param input the run's input as canonical JSON ({@code null} without one), cut like a step's
 * @param stepCount the steps known before the run (a loop's body once)
 * @param workflowHash null until the run ends
 * @param failedStep path of the step that failed, null unless the run failed at a step
 */
public record RunHeader(
    String runId,
    String namespace,
    String workflow,
    String workflowType,
    long seed,
    RunStatus status,
    String definitionHash,
    String workflowHash,
    Payload input,
    int stepCount,
    String errorCode,
    String errorMessage,
    String failedStep,
    Instant startedAt,
    Instant finishedAt) {}
