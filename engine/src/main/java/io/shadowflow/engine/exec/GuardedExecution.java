package io.shadowflow.engine.exec;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.StepContext;
import io.shadowflow.engine.model.StepResult;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs one attempt of a step so that whatever goes wrong comes out as a catalog failure: a bug as
 * INTERNAL_ERROR, exhausted memory as OUT_OF_MEMORY, and an attempt past its time limit as the
 * failure the caller names. The attempt runs on the calling thread; an attempt of a kind that waits
 * is armed with an alarm that at the limit interrupts the thread, which ends every wait a step
 * makes (a call, a body read, a sleep). Computing steps are bounded by their own cost limits. A run
 * that parks ({@link RunParked}) is not failing: that passes as it is.
 */
final class GuardedExecution {
  /** One daemon thread rings every alarm; a cancelled alarm leaves its queue at once. */
  private static final ScheduledThreadPoolExecutor ALARMS = alarms();

  private GuardedExecution() {}

  private static ScheduledThreadPoolExecutor alarms() {
    ScheduledThreadPoolExecutor alarms =
        new ScheduledThreadPoolExecutor(
            1,
            work -> {
              Thread thread = new Thread(work, "shadowflow-step-alarm");
              thread.setDaemon(true);
              return thread;
            });
    alarms.setRemoveOnCancelPolicy(true);
    return alarms;
  }

  /** The alarm of one attempt: it interrupts the attempt's thread unless the attempt ended. */
  private static final class Alarm implements Runnable {
    private final Thread attempt = Thread.currentThread();
    private Future<?> scheduled;
    private boolean ended;
    private boolean rang;

    static Alarm arm(Duration limit) {
      Alarm alarm = new Alarm();
      alarm.scheduled =
          ALARMS.schedule(alarm, Math.max(1, saturatedMillis(limit)), TimeUnit.MILLISECONDS);
      return alarm;
    }

    @Override
    public synchronized void run() {
      if (!ended) {
        rang = true;
        attempt.interrupt();
      }
    }

    /**
     * Ends the attempt; returns whether the alarm rang, and then clears the interrupt it set (the
     * lock orders it before this), so no stray interrupt reaches the run's next step.
     */
    boolean disarm() {
      scheduled.cancel(false);
      synchronized (this) {
        ended = true;
        if (!rang) {
          return false;
        }
      }
      Thread.interrupted();
      return true;
    }
  }

  /**
   * Runs an attempt of a kind that only computes: no alarm, only the translation of what it throws.
   */
  static StepResult run(CompiledStep step, StepContext context) throws InterruptedException {
    try {
      return step.step().execute(context);
    } catch (RunParked parked) {
      throw parked;
    } catch (RuntimeException | Error e) {
      throw translate(step, e);
    }
  }

  /**
   * @param limit how long the attempt may take
   * @param onTimeout the failure of an attempt that took too long
   */
  static StepResult run(
      CompiledStep step, StepContext context, Duration limit, Supplier<WorkflowFailure> onTimeout)
      throws InterruptedException {
    Alarm alarm = Alarm.arm(limit);
    StepResult result;
    try {
      result = step.step().execute(context);
    } catch (RunParked parked) {
      alarm.disarm();
      throw parked; // not a failure: the run waits on, without this process
    } catch (InterruptedException | RuntimeException | Error e) {
      // Interrupted by the alarm, a step fails however its wait reports it: it timed out.
      if (alarm.disarm()) {
        throw onTimeout.get();
      }
      if (e instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      throw translate(step, e);
    }
    alarm.disarm(); // an attempt done as the alarm rang is done: its result stands
    return result;
  }

  /** A sleep of centuries has a limit past any millisecond count: wait "forever" instead. */
  private static long saturatedMillis(Duration limit) {
    try {
      return limit.toMillis();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /** A catalog failure passes as it is; anything else thrown by a step is translated. */
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
