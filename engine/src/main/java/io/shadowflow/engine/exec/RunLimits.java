package io.shadowflow.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.CanonicalJson;
import java.util.Map;

/**
 * How much a run may commit: each step's output and all of them together, counted in bytes of
 * canonical UTF-8 without building the text. A new output is checked before it is hashed, so an
 * oversized value fails its step with a catalog code instead of running the engine out of memory.
 * The failures are final: the same run produces the same outputs again.
 */
final class RunLimits {
  /** Largest canonical output of one step. */
  static final long MAX_STEP_OUTPUT_BYTES = 2L << 20;

  /** Largest sum of the canonical outputs of a run's steps. */
  static final long MAX_RUN_BYTES = 32L << 20;

  private long runBytes;

  /** Counts a step restored from its checkpoint, which was admitted when it was made. */
  void restored(JsonNode output) {
    runBytes += CanonicalJson.utf8Length(output);
  }

  /**
   * Admits a new step's output and counts it.
   *
   * @param step the step's label for the message
   * @throws WorkflowFailure with STEP_OUTPUT_TOO_LARGE or RUN_TOO_LARGE
   */
  void admit(String step, JsonNode output) {
    long size = CanonicalJson.utf8Length(output);
    if (size > MAX_STEP_OUTPUT_BYTES) {
      throw WorkflowFailure.of(
          FailureCode.STEP_OUTPUT_TOO_LARGE,
          Map.of("step", step, "size", size, "limit", MAX_STEP_OUTPUT_BYTES));
    }
    if (runBytes + size > MAX_RUN_BYTES) {
      throw WorkflowFailure.of(
          FailureCode.RUN_TOO_LARGE,
          Map.of("step", step, "size", runBytes + size, "limit", MAX_RUN_BYTES));
    }
    runBytes += size;
  }
}
