package io.shadowflow.operator.runtime;

import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator inside this process and starts it again when it cannot go on, as the kubelet
 * restarts an operator pod that exited: the host of {@code ./shadowflow dev}, the certification and
 * the tests, whose JVM must outlive the operator.
 */
public final class OperatorSupervisor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OperatorSupervisor.class);

  private final Function<FatalStop, ShadowflowOperator> starter;
  private ShadowflowOperator operator;
  private long starts;

  /**
   * @param starter starts an operator that reports to the given {@link FatalStop}
   */
  public OperatorSupervisor(Function<FatalStop, ShadowflowOperator> starter) {
    this.starter = starter;
  }

  /** Starts the operator (again, after {@link #stop()}). */
  public synchronized void start() {
    long start = ++starts;
    operator = starter.apply(reason -> restart(start, reason));
  }

  /** Stops the operator as a SIGTERM would; the next {@link #start()} starts a new one. */
  public synchronized void stop() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /** The operator running now (null between {@link #stop()} and the next start). */
  public synchronized ShadowflowOperator operator() {
    return operator;
  }

  /** How many operators were started so far: one more after each restart. */
  public synchronized long starts() {
    return starts;
  }

  // Only the operator that gave up is replaced: not one stopped or started again since.
  private synchronized void restart(long start, String reason) {
    if (operator == null || start != starts) {
      return;
    }
    log.warn("the operator cannot go on ({}): starting it again", reason);
    stop();
    try {
      start();
    } catch (RuntimeException e) {
      log.error("the operator did not start again", e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
