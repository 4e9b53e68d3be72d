package io.shadowflow.engine.checkpoint;

import java.time.Instant;

/** What a run is, as recorded when it is first opened. */
public record RunDefinition(
    String runId,
    String namespace,
    String name,
    String workflowType,
    long seed,
    String definitionHash,
    String definition,
    int stepCount,
    Instant startedAt) {}
