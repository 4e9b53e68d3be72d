package io.shadowflow.engine.fault;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;

/** A failure raised by a fault plan rather than the world; analytics record it as injected. */
public final class InjectedFault extends WorkflowFailure {
  private static final long serialVersionUID = 1L;

  InjectedFault(FailureCode code, String message) {
    super(code, message);
  }

  @Override
  public boolean injected() {
    return true;
  }
}
