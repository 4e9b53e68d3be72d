package io.shadowflow.engine.policy;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.util.Map;

/**
 * A policy the run would break: the code naming the policy, and the values of its message.
 *
 * @param path the path of the step that would break it
 * @param values the placeholders of the code's template, the step among them
 */
public record Violation(FailureCode code, String path, Map<String, Object> values) {
  public WorkflowFailure toFailure() {
    return WorkflowFailure.of(code, values);
  }
}
