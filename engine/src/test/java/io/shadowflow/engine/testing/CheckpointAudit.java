package io.shadowflow.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.checkpoint.RunState;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.hash.Hashes;
import java.util.LinkedHashMap;
import java.util.Map;

/** Re-reads what a run committed and re-hashes it: a corrupted checkpoint cannot pass. */
public final class CheckpointAudit {
  private CheckpointAudit() {}

  /**
   * Every record's hash matches its content, the sequence has no gap, and a finished run's workflow
   * hash matches its records.
   */
  public static void verify(RunState state, String workflowType, long seed) {
    Map<String, String> hashes = new LinkedHashMap<>();
    for (int i = 0; i < state.steps().size(); i++) {
      StepRecord record = state.steps().get(i);
      assertThat(record.seq()).as("seq of %s", record.path()).isEqualTo(i);
      assertThat(
              Hashes.stepHash(
                  record.path(), record.name(), record.kind(), record.input(), record.output()))
          .as("hash of %s", record.path())
          .isEqualTo(record.stepHash());
      hashes.put(record.path(), record.stepHash());
    }
    if (state.outcome() != null) {
      assertThat(
              Hashes.workflowHash(
                  state.runId(),
                  workflowType,
                  seed,
                  hashes,
                  state.outcome().success(),
                  state.outcome().errorCode()))
          .isEqualTo(state.outcome().workflowHash());
    }
  }

  /** Every step both runs committed has the same record hash in each. */
  public static void sameRecords(RunState actual, RunState expected) {
    Map<String, String> reference = new LinkedHashMap<>();
    expected.steps().forEach(s -> reference.put(s.path(), s.stepHash()));
    for (StepRecord record : actual.steps()) {
      assertThat(record.stepHash()).as("%s", record.path()).isEqualTo(reference.get(record.path()));
    }
  }
}
