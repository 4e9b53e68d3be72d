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
 * failure the caller names. The attempt runs on a pool thread, so the caller can walk away from it.
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
   * @param limit how long the attempt may take
   * @param onTimeout the failure of an attempt that took too long
   */
  static StepResult run(
      CompiledStep step, StepContext context, Duration limit, Supplier<WorkflowFailure> onTimeout)
      throws InterruptedException {
    Future<StepResult> attempt = TIMED.submit(() -> step.step().execute(context));
    try {
      return attempt.get(Math.max(1, saturatedMillis(limit)), TimeUnit.MILLISECONDS);
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

  /** A sleep of centuries has a limit past any millisecond count: wait "forever" instead. */
  private static long saturatedMillis(Duration limit) {
    try {
      return limit.toMillis();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
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
