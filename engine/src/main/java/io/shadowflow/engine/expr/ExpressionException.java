package io.shadowflow.engine.expr;

/** An expression that does not compile or cannot be evaluated; the message says why. */
public class ExpressionException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean tooCostly;

  public ExpressionException(String message, Throwable cause) {
    this(message, cause, false);
  }

  public ExpressionException(String message, Throwable cause, boolean tooCostly) {
    super(message, cause);
    this.tooCostly = tooCostly;
  }

  public ExpressionException(String message) {
    this(message, null, false);
  }

  /** Whether evaluation stopped at the iteration limit rather than on an error of the data. */
  public boolean tooCostly() {
    return tooCostly;
  }
}
