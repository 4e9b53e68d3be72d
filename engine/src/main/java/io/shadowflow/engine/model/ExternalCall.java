package io.shadowflow.engine.model;

import com.fasterxml.jackson.databind.JsonNode;

/** A call to the world outside the run whose result is recorded, so a replay never makes it. */
@FunctionalInterface
public interface ExternalCall {
  /**
   * Makes the call.
   *
   * @return its result as JSON, which is recorded with the step
   * @throws io.shadowflow.engine.failure.WorkflowFailure when the call cannot be made
   */
  JsonNode call() throws InterruptedException;
}
