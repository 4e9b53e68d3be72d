package io.shadowflow.engine.checkpoint;

import io.shadowflow.engine.json.CanonicalJson;

/** A write the group commit takes: a step to commit, or the end of a run to record. */
sealed interface CheckpointWrite {
  String runId();

  /**
   * A step with its JSON already in canonical text, made by the caller's thread; with the run's end
   * when it is the run's last step.
   */
  record Step(String runId, StepRecord step, String input, String output, String external, End end)
      implements CheckpointWrite {
    Step(String runId, StepRecord step, RunOutcome end) {
      this(
          runId,
          step,
          CanonicalJson.of(step.input()),
          CanonicalJson.of(step.output()),
          step.external() == null ? null : CanonicalJson.of(step.external()),
          end == null ? null : new End(runId, end, step.seq()));
    }

    /** Whether the caller goes on with its run's next step once this write commits. */
    boolean continuesRun() {
      return end == null;
    }
  }

  /** A run's end; when {@code afterSeq} is set, only if that step of the run commits with it. */
  record End(String runId, RunOutcome outcome, Integer afterSeq) implements CheckpointWrite {}
}
