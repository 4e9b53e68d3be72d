package io.shadowflow.operator.containers;

import io.shadowflow.engine.failure.FailureCode;

/**
 * How a step pod ended, as the engine reads it back: the step container's exit code with the output
 * file (null when it wrote none) and its last lines, or a failure found before it ran.
 */
record PodEnd(
    Integer exitCode, byte[] output, String logTail, FailureCode failure, String message) {

  static PodEnd exited(int exitCode, byte[] output, String logTail) {
    return new PodEnd(exitCode, output, logTail, null, null);
  }

  static PodEnd failed(FailureCode failure, String message) {
    return new PodEnd(null, null, null, failure, message);
  }
}
