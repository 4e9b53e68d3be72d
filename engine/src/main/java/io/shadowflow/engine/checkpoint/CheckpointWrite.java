package io.shadowflow.engine.checkpoint;

import io.shadowflow.engine.json.CanonicalJson;

/**
 * A write the group commit takes: a run to open, lock, create or let go of, a step to commit, or
 * the end of a run to record. Steps and ends carry the epoch the run was opened with: the database
 * fences them with it.
 */
sealed interface CheckpointWrite {
  String runId();

  /** Opens a run and makes this process its owner (see {@link ClaimStatement}). */
  record Open(RunDefinition run) implements CheckpointWrite {
    @Override
    public String runId() {
      return run.runId();
    }
  }

  /**
   * Stores a new run, locked by this process, with the first writes of it that the writer takes:
   * see {@link ClaimStatement#CREATE_RUNS}.
   */
  record Create(RunDefinition run) implements CheckpointWrite {
    @Override
    public String runId() {
      return run.runId();
    }
  }

  /**
   * Takes the lock of a new run this process opened and has not stored, before the run calls out:
   * no other process may make its calls meanwhile.
   */
  record Lock(String runId) implements CheckpointWrite {}

  /** Lets go of a run this process owned: its execution is over, however it went. */
  record Release(String runId) implements CheckpointWrite {}

  /**
   * A step with its JSON already in canonical text, made by the caller's thread; with the run's end
   * when it is the run's last step.
   */
  record Step(
      String runId,
      long epoch,
      StepRecord step,
      String input,
      String output,
      String external,
      End end)
      implements CheckpointWrite {
    Step(String runId, long epoch, StepRecord step, RunOutcome end) {
      this(
          runId,
          epoch,
          step,
          CanonicalJson.of(step.input()),
          CanonicalJson.of(step.output()),
          step.external() == null ? null : CanonicalJson.of(step.external()),
          end == null ? null : new End(runId, epoch, end, step.seq()));
    }

    /** Whether the caller goes on with its run's next step once this write commits. */
    boolean continuesRun() {
      return end == null;
    }
  }

  /** A run's end; when {@code afterSeq} is set, only if that step of the run commits with it. */
  record End(String runId, long epoch, RunOutcome outcome, Integer afterSeq)
      implements CheckpointWrite {}
}
