package io.shadowflow.operator.runtime;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator inside this process and starts it again when it cannot go on, as the kubelet
 * restarts an operator pod that exited: at once, then, while starting fails (say, PostgreSQL is
 * down), after waits that double up to a minute. The host of {@code ./shadowflow dev}, the
 * certification and the tests, whose JVM must outlive the operator.
 */
public final class OperatorSupervisor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OperatorSupervisor.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LONGEST_RETRY = Duration.ofMinutes(1);

  private final Function<FatalStop, ShadowflowOperator> starter;
  private ShadowflowOperator operator;
  private long starts;
  // Moves on with every start and stop asked from outside: a restart of an older one is void.
  private long generation;

  /**
   * @param starter starts an operator that reports to the given {@link FatalStop}
   */
  public OperatorSupervisor(Function<FatalStop, ShadowflowOperator> starter) {
    this.starter = starter;
  }

  /** Starts the operator (again, after {@link #stop()}). */
  public synchronized void start() {
    generation++;
    launch();
  }

  /** Stops the operator as a SIGTERM would, and any restart under way. */
  public synchronized void stop() {
    generation++;
    closeOperator();
    notifyAll();
  }

  /** The operator running now (null while stopped or restarting). */
  public synchronized ShadowflowOperator operator() {
    return operator;
  }

  /** How many starts were tried so far, restarts and failed ones included. */
  public synchronized long starts() {
    return starts;
  }

  private void launch() {
    long launched = generation;
    starts++;
    operator = starter.apply(reason -> restart(launched, reason));
  }

  private void closeOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  // Only a running operator reports (once), and none runs while this waits: restarts never nest.
  private synchronized void restart(long launched, String reason) {
    if (launched != generation) {
      return;
    }
    log.warn("the operator cannot go on ({}): starting it again", reason);
    closeOperator();
    Duration retry = FIRST_RETRY;
    while (true) {
      try {
        launch();
        return;
      } catch (RuntimeException e) {
        log.error("the operator did not start again; next try in {}", retry, e);
      }
      if (!waitUnlessStopped(retry, launched)) {
        return;
      }
      retry = retry.multipliedBy(2);
      if (retry.compareTo(LONGEST_RETRY) > 0) {
        retry = LONGEST_RETRY;
      }
    }
  }

  /** Waits (the monitor released); false once a start or stop from outside came in between. */
  private boolean waitUnlessStopped(Duration delay, long launched) {
    long deadline = System.nanoTime() + delay.toNanos();
    try {
      for (long left = delay.toNanos(); left > 0 && launched == generation; ) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
        left = deadline - System.nanoTime();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return launched == generation;
  }

  @Override
  public void close() {
    stop();
  }
}
