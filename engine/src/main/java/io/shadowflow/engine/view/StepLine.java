package io.shadowflow.engine.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One row of a run's step tree and timeline: a committed step, or one the engine is waiting on. A
 * run may have 10,000 of them, so the tree carries what its rows show and no more: the step's hash,
 * input and output are in its panel ({@link StepDetail}), and empty fields are left out.
 *
 * @param seq execution order of a committed step; null while in flight
 * @param name the step's name; in flight, as its failed attempts recorded it, or else its path's
 *     last segment
 * @param kind the step kind; null while in flight
 * @param attempts attempts made: the committed one included once committed
 * @param failedAttempts each failed attempt, oldest first
 * @param durationMs how long the committed attempt ran, until {@code committedAt}; null in flight
 * @param until when a waiting step's timer or a retrying step's next attempt is due; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StepLine(
    Integer seq,
    String path,
    String name,
    String kind,
    State state,
    int attempts,
    List<FailedAttempt> failedAttempts,
    Long durationMs,
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
