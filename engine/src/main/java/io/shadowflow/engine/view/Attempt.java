package io.shadowflow.engine.view;

import java.time.Instant;

/**
 * One attempt of a step: a failed one as the failure log has it, or the one that committed.
 *
 * @param code failure catalog code; null for the committed attempt
 * @param category the code's category (TRANSIENT, PERMANENT...); null for the committed attempt
 * @param recovery what the engine did about it (retry, fail the run...); null when committed
 * @param injected whether fault injection caused it
 * @param at when it failed or committed
 * @param retryAt when the next attempt was due; null when none was scheduled
 */
public record Attempt(
    int number,
    Outcome outcome,
    String code,
    String category,
    String recovery,
    String message,
    boolean injected,
    Instant at,
    Instant retryAt) {

  /** How the attempt ended. */
  public enum Outcome {
    FAILED,
    COMMITTED
  }
}
