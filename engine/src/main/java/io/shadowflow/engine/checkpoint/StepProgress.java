package io.shadowflow.engine.checkpoint;

import java.time.Instant;

/**
 * The in-flight state of a step that is not committed yet: what a person debugging a retry asks
 * for.
 *
 * @param attempt the attempt being made or due next, from 1
 * @param lastErrorCode catalog code of the last failed attempt, null if none failed
 * @param nextAttemptAt when {@code attempt} is due, null when it is not waiting on a backoff
 * @param timerDueAt when the step's durable timer (a sleep) ends, null without one
 */
public record StepProgress(
    String path,
    int attempt,
    String lastErrorCode,
    String lastErrorMessage,
    Instant nextAttemptAt,
    Instant timerDueAt) {}
