package io.shadowflow.engine.signal;

import io.shadowflow.engine.child.ChildWorkflow;
import java.util.Collection;

/** Signals as users know them, for messages: a child workflow's outcome is its step's signal. */
public final class SignalNames {
  private SignalNames() {}

  /** E.g. {@code signal 'approve' or the child workflow of step steps/2}. */
  public static String describe(Collection<String> signals) {
    return String.join(" or ", signals.stream().map(SignalNames::describe).toList());
  }

  private static String describe(String signal) {
    return signal.startsWith(ChildWorkflow.SIGNAL_PREFIX)
        ? "the child workflow of step " + signal.substring(ChildWorkflow.SIGNAL_PREFIX.length())
        : "signal '" + signal + "'";
  }
}
