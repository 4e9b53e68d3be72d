package io.shadowflow.engine.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shadowflow.engine.checkpoint.CheckpointStore;
import io.shadowflow.engine.exec.Sleeper;
import io.shadowflow.engine.exec.WorkflowExecutor;
import java.time.Clock;

/**
 * Stands for a SIGKILL in tests that run the engine in-process: an executor whose first wait (a
 * timer or a backoff) throws an Error no engine code catches, leaving the store as a killed process
 * would.
 */
public final class Kill {
  /** The "process" died here. */
  public static final class Killed extends Error {
    private static final long serialVersionUID = 1L;

    Killed() {
      super("killed while waiting", null, false, false);
    }
  }

  private Kill() {}

  /** An executor that dies the first time it would wait. */
  public static WorkflowExecutor onFirstWait(CheckpointStore store, Clock clock) {
    Sleeper dies =
        duration -> {
          throw new Killed();
        };
    return new WorkflowExecutor(
        store, WorkflowExecutor.defaultHttpClient(), clock, dies, new SimpleMeterRegistry());
  }
}
