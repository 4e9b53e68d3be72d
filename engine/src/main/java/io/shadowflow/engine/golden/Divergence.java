package io.shadowflow.engine.golden;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where two records of one run first part: a step, their outcome, or their identity.
 *
 * @param at the first diverging step's path, {@code outcome}, or {@code run}
 * @param name the step's name, or the same as {@code at} when it is not a step
 * @param expected the expected side as JSON ({@code null} when that side has no such step)
 * @param actual the actual side as JSON
 */
public record Divergence(
    String at,
    String name,
    JsonNode expected,
    JsonNode actual,
    String expectedHash,
    String actualHash) {
  /** {@link #at} when the steps agree and the runs end differently. */
  public static final String OUTCOME = "outcome";

  /** {@link #at} when steps and outcome agree and the runs differ in run id, type or seed. */
  public static final String RUN = "run";

  /** The first diverging step's path and name, as reports print it. */
  public String describe() {
    return at.equals(name) ? at : at + " (" + name + ")";
  }
}
