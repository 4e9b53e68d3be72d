package io.shadowflow.engine.checkpoint;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Durable state of runs: the run rows, the append-only step log, and the in-flight state of steps
 * (timers and retries).
 *
 * <p>Every write is idempotent, so a process that crashed between a write and its acknowledgement
 * can simply write again.
 */
public interface CheckpointStore extends AutoCloseable {
  /**
   * Opens the run, new or stored, and returns its state. A store shared by several processes makes
   * this one the run's owner until {@link #releaseRun}: another process cannot open a stored run
   * meanwhile, nor call out for a new one ({@link #lockRun}) or store it; and the writes of a
   * process that opened the run earlier are refused.
   */
  RunState openRun(RunDefinition definition);

  /**
   * Whether a commit returns as soon as it is made, with no wait for a disk or a group commit: then
   * branches that only compute gain nothing from threads of their own.
   */
  default boolean commitsAtOnce() {
    return false;
  }

  /**
   * Makes sure no other process can execute the run while this one does: before a step calls out of
   * the run. Stores that keep runs nowhere else need not do anything.
   */
  default void lockRun(String runId) {}

  /**
   * Stores the row of a run this process opened as new, unless one of its commits stored it
   * already: before a step something outside the process finds the run by (a signal's sender, the
   * operator asked for a pod or a child). Stores that keep runs nowhere else need not do anything.
   */
  default void storeRun(String runId) {}

  /** Ends this process's ownership of a run it opened, however its execution ended. */
  default void releaseRun(String runId) {}

  /**
   * Commits a step durably before the run goes on. Committing the same step again with the same
   * hash is a no-op.
   *
   * @throws io.shadowflow.engine.failure.WorkflowFailure with DETERMINISM_VIOLATION if the step was
   *     committed with another hash; the stored record is kept
   */
  void commitStep(String runId, StepRecord step);

  /**
   * Starts the durable timer of a step, or returns the one already started: the stored due time
   * wins, so a resumed sleep waits only for what is left.
   */
  Instant startTimer(String runId, String path, Instant due);

  /**
   * Records a failed attempt of a step: its retry state (attempt due next, the error, when it is
   * due) and a row for failure analytics. Recording the same attempt and code again is a no-op, so
   * a process that crashed right after it can simply record again.
   */
  void recordFailure(String runId, FailureEvent failure);

  /** Records how the run ended; a finished run is never changed again. */
  void finishRun(String runId, RunOutcome outcome);

  /**
   * Commits a run's last step and how the run ended: in one commit where the store can, which saves
   * every run a commit. The end is recorded only if the step is, or already was, committed with
   * this hash.
   *
   * @throws io.shadowflow.engine.failure.WorkflowFailure as {@link #commitStep} does
   */
  default void commitLastStep(String runId, StepRecord step, RunOutcome outcome) {
    commitStep(runId, step);
    finishRun(runId, outcome);
  }

  /**
   * Commits steps together, in order, in one commit where the store can, and with them how the run
   * ended when {@code outcome} is given: the steps held since the run's last commit, and the one
   * that cannot wait. Committing steps already committed with the same hashes is a no-op.
   *
   * @param steps at least one step
   * @param outcome how the run ended, or null when it goes on
   * @throws io.shadowflow.engine.failure.WorkflowFailure as {@link #commitStep} does
   */
  default void commitSteps(String runId, List<StepRecord> steps, RunOutcome outcome) {
    int last = steps.size() - 1;
    steps.subList(0, last).forEach(step -> commitStep(runId, step));
    if (outcome == null) {
      commitStep(runId, steps.get(last));
    } else {
      commitLastStep(runId, steps.get(last), outcome);
    }
  }

  /**
   * Records that the run waits without an engine: for any of {@code signals}, or until {@code
   * until}. The run stays RUNNING; the next process that opens it clears the park.
   *
   * @param until null when only a signal ends the wait
   * @throws io.shadowflow.engine.failure.WorkflowFailure as {@link #commitStep} does
   */
  default void park(String runId, Set<String> signals, Instant until) {
    throw new UnsupportedOperationException(
        "this store keeps no run beyond its process: a run in it waits in place");
  }

  @Override
  void close();
}
