package io.shadowflow.engine.failure;

import java.util.Map;

/** A failure with its catalog code: the only kind of error the engine lets reach a user. */
public class WorkflowFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final FailureCode code;

  public WorkflowFailure(FailureCode code, String message) {
    super(message);
    this.code = code;
  }

  public WorkflowFailure(FailureCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** A failure whose message is the code's template filled with {@code values}. */
  public static WorkflowFailure of(FailureCode code, Map<String, ?> values) {
    return new WorkflowFailure(code, code.format(values));
  }

  public FailureCode code() {
    return code;
  }

  /** Whether a fault plan raised it on purpose rather than the world. */
  public boolean injected() {
    return false;
  }

  /** One line for people: the code, what happened, and what to do about it. */
  public String describe() {
    return code.name() + ": " + getMessage() + " (" + code.hint() + ")";
  }
}
