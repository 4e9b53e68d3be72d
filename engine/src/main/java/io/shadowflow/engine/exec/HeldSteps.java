package io.shadowflow.engine.exec;

import io.shadowflow.engine.checkpoint.StepRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of recomputable steps a run has not committed yet. They go with the run's next commit
 * that cannot wait, whichever branch makes it; a crash before then loses only what the resumed run
 * computes again to the same values.
 */
final class HeldSteps {
  private final List<StepRecord> records = new ArrayList<>();

  synchronized void hold(StepRecord record) {
    records.add(record);
  }

  /** The held records followed by {@code record}, to commit together; none is held any more. */
  synchronized List<StepRecord> takeWith(StepRecord record) {
    List<StepRecord> batch = new ArrayList<>(records.size() + 1);
    batch.addAll(records);
    batch.add(record);
    records.clear();
    return batch;
  }

  /** The held records, to commit with the run's end; none is held any more. */
  synchronized List<StepRecord> takeAll() {
    List<StepRecord> batch = List.copyOf(records);
    records.clear();
    return batch;
  }
}
