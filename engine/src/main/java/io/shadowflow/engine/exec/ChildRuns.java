package io.shadowflow.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs the child runs of one parallel or forEach step, at most {@code maxParallel} at once, and
 * gathers their last outputs in run order, so the step's output does not depend on which finished
 * first. The first failure cancels the other runs when the step fails fast; otherwise every run
 * finishes and the first failure in run order is the step's. It returns only once every run it
 * started has stopped, so no cancelled run writes after the step is over. At most one at a time,
 * they run on the calling thread. A run that parks lets the others go on; when none failed, the
 * step parks on all their waits together.
 */
final class ChildRuns {
  /** One run of child steps; it checks {@code cancellation} before each step. */
  @FunctionalInterface
  interface Run {
    JsonNode run(Cancellation cancellation) throws StepFailed, InterruptedException;
  }

  /** Told of each run that stopped because it was cancelled. */
  @FunctionalInterface
  interface OnCancelled {
    void cancelled(int run);
  }

  private final ExecutorService pool;
  private final List<Run> runs;
  private final JsonNode[] outputs;
  private final Throwable[] thrown;
  private final RunParked[] parked;
  private final Cancellation[] cancellations;
  private final BlockingQueue<Integer> stopped = new LinkedBlockingQueue<>();
  private final List<Integer> running = new ArrayList<>();
  private Throwable firstFailure;

  private ChildRuns(ExecutorService pool, List<Run> runs) {
    this.pool = pool;
    this.runs = runs;
    this.outputs = new JsonNode[runs.size()];
    this.thrown = new Throwable[runs.size()];
    this.parked = new RunParked[runs.size()];
    this.cancellations = new Cancellation[runs.size()];
  }

  /**
   * @param within the cancellation of the run the step belongs to
   * @return each run's last output, in run order
   * @throws StepFailed the step's failure: the failed step of the run that failed
   */
  static List<JsonNode> runAll(
      ExecutorService pool,
      List<Run> runs,
      int maxParallel,
      boolean failFast,
      Cancellation within,
      OnCancelled onCancelled)
      throws StepFailed, InterruptedException {
    ChildRuns all = new ChildRuns(pool, runs);
    if (maxParallel <= 1) {
      all.oneAfterAnother(failFast, within);
    } else {
      all.go(maxParallel, failFast, within);
    }
    for (int i = 0; i < runs.size(); i++) {
      if (all.thrown[i] != null
          && all.cancellations[i].isCancelled()
          && all.thrown[i] != all.firstFailure) {
        onCancelled.cancelled(i);
      }
    }
    all.rethrow(failFast);
    return Arrays.asList(all.outputs);
  }

  private void go(int maxParallel, boolean failFast, Cancellation within)
      throws InterruptedException {
    int next = 0;
    boolean stopping = false;
    try {
      while (true) {
        while (!stopping && running.size() < maxParallel && next < runs.size()) {
          start(next++, within);
        }
        if (running.isEmpty()) {
          return;
        }
        int done = stopped.take();
        running.remove(Integer.valueOf(done));
        Throwable failure = thrown[done];
        if (failure != null && !cancellations[done].isCancelled() && firstFailure == null) {
          firstFailure = failure;
        }
        if (failure != null
            && !cancellations[done].isCancelled()
            && (failFast || !(failure instanceof StepFailed))) {
          stopping = true;
          running.forEach(i -> cancellations[i].cancel());
        }
        if (within.isCancelled()) {
          throw new InterruptedException("cancelled");
        }
      }
    } catch (InterruptedException interrupted) {
      running.forEach(i -> cancellations[i].cancel());
      awaitRunning();
      throw interrupted;
    }
  }

  /** The runs in order on the calling thread; a failure stops the rest when failing fast. */
  private void oneAfterAnother(boolean failFast, Cancellation within)
      throws StepFailed, InterruptedException {
    for (int i = 0; i < runs.size(); i++) {
      cancellations[i] = within.child();
      try {
        outputs[i] = runs.get(i).run(cancellations[i]);
      } catch (RunParked waits) {
        parked[i] = waits;
      } catch (StepFailed failed) {
        thrown[i] = failed;
        firstFailure = firstFailure == null ? failed : firstFailure;
        if (failFast) {
          return;
        }
      }
    }
  }

  private void start(int i, Cancellation within) {
    Cancellation cancellation = within.child();
    cancellations[i] = cancellation;
    running.add(i);
    pool.execute(
        () -> {
          cancellation.enter();
          try {
            outputs[i] = runs.get(i).run(cancellation);
          } catch (RunParked waits) {
            parked[i] = waits;
          } catch (Throwable t) {
            thrown[i] = t;
          } finally {
            cancellation.leave();
            stopped.add(i);
          }
        });
  }

  /** Waits, however often interrupted, until every started run has stopped. */
  private void awaitRunning() {
    boolean interrupted = false;
    while (!running.isEmpty()) {
      try {
        running.remove(stopped.take());
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Throws the step's failure: the first in time when failing fast, else the first in order. */
  private void rethrow(boolean failFast) throws StepFailed, InterruptedException {
    Throwable failure =
        failFast || !(firstFailure instanceof StepFailed) ? firstFailure : firstInOrder();
    if (failure == null) {
      throwIfParked();
      return;
    }
    if (failure instanceof StepFailed failed) {
      throw failed;
    }
    if (failure instanceof InterruptedException interrupted) {
      throw interrupted;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    throw (Error) failure;
  }

  /** The runs that parked, as one park of the step: any of their waits ending wakes it. */
  private void throwIfParked() {
    RunParked all = null;
    for (RunParked waits : parked) {
      if (waits != null) {
        all = all == null ? waits : all.and(waits);
      }
    }
    if (all != null) {
      throw all;
    }
  }

  private Throwable firstInOrder() {
    for (int i = 0; i < thrown.length; i++) {
      if (thrown[i] != null && !cancellations[i].isCancelled()) {
        return thrown[i];
      }
    }
    return null;
  }
}
