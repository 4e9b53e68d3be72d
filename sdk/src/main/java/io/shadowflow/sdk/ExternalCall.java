package io.shadowflow.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/** A call to the world outside the run; its result is recorded, so a replay never makes it. */
@FunctionalInterface
public interface ExternalCall {
  /**
   * Makes the call.
   *
   * @return its result as JSON
   * @throws StepFailure when the call fails; a retryable one is made again on the next attempt
   */
  JsonNode call() throws StepFailure, InterruptedException;
}
