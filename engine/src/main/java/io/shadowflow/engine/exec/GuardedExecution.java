package io.shadowflow.engine.exec;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.step.StepContext;
import io.shadowflow.engine.step.StepResult;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs one attempt of a step so that whatever goes wrong comes out as a catalog failure: a bug as
 * INTERNAL_ERROR, exhausted memory as OUT_OF_MEMORY, and an attempt past its time limit as the
 * failure the caller names. Without a limit the step runs on the calling thread, at no cost.
 */
final class GuardedExecution {
  /** Threads for attempts with a time limit; daemons, so an abandoned attempt never holds a JVM. */
  private static final ExecutorService TIMED =
      Executors.newCachedThreadPool(
          work -> {
            Thread thread = new Thread(work, "shadowflow-timed-step");
            thread.setDaemon(true);
            return thread;
          });

  private GuardedExecution() {}

  /**
   * @param limit how long the attempt may take, or null for no limit
   * @param onTimeout the failure of an attempt that took too long
   */
  static StepResult run(
      CompiledStep step, StepContext context, Duration limit, Supplier<WorkflowFailure> onTimeout)
      throws InterruptedException {
    if (limit == null) {
      try {
        return step.step().execute(context);
      } catch (WorkflowFailure | InterruptedException e) {
        throw e;
      } catch (RuntimeException | Error e) {
        throw translate(step, e);
      }
    }
    Future<StepResult> attempt = TIMED.submit(() -> step.step().execute(context));
    try {
      return attempt.get(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      attempt.cancel(true);
      throw onTimeout.get();
    } catch (InterruptedException e) {
      attempt.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      throw translate(step, e.getCause());
    }
  }

  private static WorkflowFailure translate(CompiledStep step, Throwable e) {
    if (e instanceof WorkflowFailure failure) {
      return failure;
    }
    String where = step.path() + " (" + step.name() + ")";
    if (e instanceof OutOfMemoryError) {
      return new WorkflowFailure(
          FailureCode.OUT_OF_MEMORY, FailureCode.OUT_OF_MEMORY.withDetail(where), e);
    }
    if (e instanceof RuntimeException || e instanceof StackOverflowError) {
      return new WorkflowFailure(
          FailureCode.INTERNAL_ERROR, FailureCode.INTERNAL_ERROR.withDetail(where + ": " + e), e);
    }
    throw (Error) e; // other Errors (linkage, VM trouble) end the process, as they should
  }
}
