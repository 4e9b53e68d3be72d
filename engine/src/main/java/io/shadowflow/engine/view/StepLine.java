package io.shadowflow.engine.view;

import java.time.Instant;
import java.util.List;

/**
 * One row of a run's step tree and timeline: a committed step, or one the engine is waiting on.
 *
 * @param seq execution order of a committed step; null while in flight
 * @param name the step's name; its path's last segment while in flight (the name is known once
 *     committed)
 * @param kind the step kind; null while in flight
 * @param attempts attempts made: the committed one included once committed
 * @param failedAttempts each failed attempt, oldest first
 * @param startedAt start of the committed attempt (commit time less its duration); null in flight
 * @param until when a waiting step's timer or a retrying step's next attempt is due; null otherwise
 */
public record StepLine(
    Integer seq,
    String path,
    String name,
    String kind,
    State state,
    int attempts,
    List<FailedAttempt> failedAttempts,
    String stepHash,
    Long durationMs,
    Instant startedAt,
    Instant committedAt,
    Instant until) {

  /** Where a step stands. */
  public enum State {
    /** Checkpointed: never runs again. */
    COMMITTED,
    /** A durable timer holds it until {@link #until}. */
    WAITING,
    /** An attempt failed; the next is due at {@link #until}. */
    RETRYING,
    /** In flight, neither waiting nor between attempts. */
    RUNNING
  }

  /** An attempt that failed, as the failure log has it. */
  public record FailedAttempt(int attempt, String code, Instant at) {}
}
