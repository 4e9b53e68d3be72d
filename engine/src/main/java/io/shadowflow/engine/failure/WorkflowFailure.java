package io.shadowflow.engine.failure;

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

  public FailureCode code() {
    return code;
  }

  /** One line for people: the code, what happened, and what to do about it. */
  public String describe() {
    return code.name() + ": " + getMessage() + " (" + code.hint() + ")";
  }
}
