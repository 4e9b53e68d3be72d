package io.shadowflow.engine.checkpoint;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs this process owns, each with the epoch it opened the run with. A run being opened is
 * reserved first, so two executions of one run in one process cannot both open it.
 */
final class OwnedRuns {
  /** The epoch of a reserved run whose claim has not committed yet. */
  private static final long CLAIMING = -1;

  /**
   * The epoch of writes for a run this process never opened (the operator creates runs and tests
   * write to them): the database takes them only as long as nobody has opened the run.
   */
  static final long UNCLAIMED = 0;

  private final Map<String, Long> epochs = new ConcurrentHashMap<>();

  /**
   * @throws WorkflowFailure RUN_OWNED_ELSEWHERE when this process is executing the run already
   */
  void reserve(String runId) {
    if (epochs.putIfAbsent(runId, CLAIMING) != null) {
      throw ownedElsewhere(runId, "another execution in this process; this one executed nothing");
    }
  }

  void claimed(String runId, long epoch) {
    epochs.put(runId, epoch);
  }

  /** Whether the run was reserved by this process, which lets go of it now. */
  boolean release(String runId) {
    return epochs.remove(runId) != null;
  }

  /** The epoch this process writes the run's checkpoints with. */
  long epoch(String runId) {
    long epoch = epochs.getOrDefault(runId, UNCLAIMED);
    return epoch == CLAIMING ? UNCLAIMED : epoch;
  }

  boolean isEmpty() {
    return epochs.isEmpty();
  }

  /** The runs whose claim committed: their locks must be held again on a new connection. */
  List<String> claimedRuns() {
    return epochs.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
  }

  static WorkflowFailure ownedElsewhere(String runId, String owner) {
    return new WorkflowFailure(
        FailureCode.RUN_OWNED_ELSEWHERE, "run " + runId + " is owned by " + owner);
  }
}
