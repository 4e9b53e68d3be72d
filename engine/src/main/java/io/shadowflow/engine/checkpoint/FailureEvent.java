package io.shadowflow.engine.checkpoint;

import io.shadowflow.engine.failure.FailureCode;
import java.time.Instant;

/**
 * One failed attempt of a step, as recorded for its retry state and for failure analytics.
 *
 * @param attempt the attempt that failed, from 1
 * @param nextAttempt the attempt due next (the same one after a failed checkpoint write)
 * @param retryAt when {@code nextAttempt} is due; null when the failure is final for this process
 * @param injected whether a fault plan raised it on purpose
 */
public record FailureEvent(
    String path,
    String stepName,
    int attempt,
    int nextAttempt,
    FailureCode code,
    String message,
    boolean injected,
    Instant retryAt,
    Instant occurredAt) {}
