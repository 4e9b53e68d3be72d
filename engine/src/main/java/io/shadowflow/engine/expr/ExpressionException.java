package io.shadowflow.engine.expr;

/** An expression that does not compile or cannot be evaluated; the message says why. */
public class ExpressionException extends Exception {
  private static final long serialVersionUID = 1L;

  public ExpressionException(String message, Throwable cause) {
    super(message, cause);
  }

  public ExpressionException(String message) {
    super(message);
  }
}
