package io.shadowflow.engine.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * What a finished container step comes to, the same wherever it ran: its exit code and output file
 * become the step's output or a catalog failure.
 */
public final class ContainerOutcome {
  /** The largest output a container step may write: 1 MiB. */
  public static final int MAX_OUTPUT_BYTES = 1024 * 1024;

  /** The exit code by which a step says another attempt could succeed (sysexits EX_TEMPFAIL). */
  public static final int RETRYABLE_EXIT = 75;

  private static final int SIGNAL_EXITS = 128;

  private ContainerOutcome() {}

  /**
   * The step's output, or its failure.
   *
   * @param label the step as messages name it
   * @param exitCode the container's exit code
   * @param output the output file's bytes, at most one byte more than the limit; null when the
   *     container wrote no output file
   * @param logTail the last lines the container logged, for the failure's message
   */
  public static JsonNode of(String label, int exitCode, byte[] output, String logTail) {
    if (exitCode != 0) {
      throw exitFailure(label, exitCode, logTail);
    }
    if (output == null) {
      throw new WorkflowFailure(
          FailureCode.CONTAINER_OUTPUT_INVALID,
          label
              + ": the container exited 0 without writing its output file ($"
              + ContainerRunner.OUTPUT_ENV
              + ")");
    }
    if (output.length > MAX_OUTPUT_BYTES) {
      throw new WorkflowFailure(
          FailureCode.CONTAINER_OUTPUT_TOO_LARGE,
          label + ": the output is larger than " + MAX_OUTPUT_BYTES + " bytes");
    }
    try {
      return Json.MAPPER.readTree(new String(output, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new WorkflowFailure(
          FailureCode.CONTAINER_OUTPUT_INVALID,
          label + ": the output is not one JSON document: " + e.getOriginalMessage());
    }
  }

  private static WorkflowFailure exitFailure(String label, int exitCode, String logTail) {
    String tail = logTail == null || logTail.isBlank() ? "" : "; its last lines: " + logTail;
    if (exitCode == RETRYABLE_EXIT) {
      return new WorkflowFailure(
          FailureCode.CONTAINER_RETRYABLE, label + ": the container exited " + exitCode + tail);
    }
    if (exitCode > SIGNAL_EXITS) {
      return new WorkflowFailure(
          FailureCode.CONTAINER_KILLED,
          label
              + ": the container was killed by signal "
              + (exitCode - SIGNAL_EXITS)
              + " (exit code "
              + exitCode
              + (exitCode == SIGNAL_EXITS + 9 ? ", as when out of memory" : "")
              + ")"
              + tail);
    }
    return new WorkflowFailure(
        FailureCode.CONTAINER_FAILED, label + ": the container exited " + exitCode + tail);
  }
}
