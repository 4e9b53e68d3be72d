package io.shadowflow.sdk;

/**
 * An attempt that failed. A retryable failure is retried with the step's retry policy (exponential
 * backoff); any other fails the step at once.
 */
public class StepFailure extends Exception {
  private final boolean retryable;

  public StepFailure(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public StepFailure(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether another attempt could succeed (a call timed out) or not (the input is wrong). */
  public boolean retryable() {
    return retryable;
  }
}
