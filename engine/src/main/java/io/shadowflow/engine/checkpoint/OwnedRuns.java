package io.shadowflow.engine.checkpoint;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs this process owns, each with the epoch it writes the run with, and which of them the
 * writer's session holds the lock of. A run being opened is reserved first, so two executions of
 * one run in one process cannot both open it. A new run is owned before its row is stored, and
 * locked only when it must be: its first writes store it (see {@link #takeCreation}).
 */
final class OwnedRuns {
  /** The epoch of a reserved run whose open has not been answered yet. */
  private static final long CLAIMING = Long.MIN_VALUE;

  /**
   * The epoch of writes for a run this process never opened (the operator creates runs and tests
   * write to them): the database takes them only as long as nobody has opened the run.
   */
  static final long UNCLAIMED = 0;

  /**
   * The epoch of a new run's writes until its row is stored: the fence admits them only in the
   * commit that stores the row (no stored row has a negative epoch).
   */
  static final long CREATING = -1;

  /** The epoch of a new run's writes once its row is stored. */
  static final long CREATED = 1;

  /** The epoch of a run another process stored first: the fence refuses every write. */
  private static final long REFUSED = -2;

  static final String STORED_ELSEWHERE = "another engine process, which stored it first";

  private final Map<String, Long> epochs = new ConcurrentHashMap<>();

  /** The runs whose lock the writer's session holds. */
  private final Set<String> locked = ConcurrentHashMap.newKeySet();

  /** New runs whose row no write has started to store yet. Guarded by this. */
  private final Map<String, RunDefinition> uncreated = new HashMap<>();

  /** New runs whose row a commit on its way stores, done when it is answered. Guarded by this. */
  private final Map<String, CompletableFuture<Void>> creating = new HashMap<>();

  /**
   * @throws WorkflowFailure RUN_OWNED_ELSEWHERE when this process is executing the run already
   */
  void reserve(String runId) {
    if (epochs.putIfAbsent(runId, CLAIMING) != null) {
      throw ownedElsewhere(runId, "another execution in this process; this one executed nothing");
    }
  }

  /** A stored run this process locked and opened with {@code epoch}. */
  void claimed(String runId, long epoch) {
    epochs.put(runId, epoch);
    locked.add(runId);
  }

  /**
   * A run this process reserved and found not stored: its first writes will store it.
   *
   * @param isLocked whether the writer's session took the run's lock already
   */
  synchronized void toCreate(RunDefinition run, boolean isLocked) {
    uncreated.put(run.runId(), run);
    epochs.put(run.runId(), CREATING);
    if (isLocked) {
      locked.add(run.runId());
    }
  }

  void locked(String runId) {
    locked.add(runId);
  }

  boolean isLocked(String runId) {
    return locked.contains(runId);
  }

  /** Whether the run is owned, new, and not stored by any commit yet. */
  boolean isUncreated(String runId) {
    return epochs.getOrDefault(runId, UNCLAIMED) == CREATING;
  }

  /**
   * The run whose row the writes being queued must store, once: the first caller gets it and queues
   * the row with its writes; until {@link #created} or {@link #creationFailed}, others wait for
   * {@link #creation}. Null when there is nothing to store.
   */
  synchronized RunDefinition takeCreation(String runId) {
    RunDefinition run = uncreated.remove(runId);
    if (run != null) {
      creating.put(runId, new CompletableFuture<>());
    }
    return run;
  }

  /** The commit storing the run's row, if one is on its way; null otherwise. */
  synchronized CompletableFuture<Void> creation(String runId) {
    return creating.get(runId);
  }

  /**
   * The commit that stores the run's row was answered.
   *
   * @param stored false when another process stored the run first
   */
  synchronized void created(String runId, boolean stored) {
    epochs.computeIfPresent(runId, (id, epoch) -> stored ? CREATED : REFUSED);
    done(runId);
  }

  /** The commit that was to store the run's row failed: the next write tries again. */
  synchronized void creationFailed(RunDefinition run) {
    if (epochs.containsKey(run.runId())) {
      uncreated.put(run.runId(), run);
    }
    done(run.runId());
  }

  private void done(String runId) {
    CompletableFuture<Void> commit = creating.remove(runId);
    if (commit != null) {
      commit.complete(null);
    }
  }

  /** Lets go of a run reserved by this process; returns whether its lock is to be let go of. */
  synchronized boolean release(String runId) {
    uncreated.remove(runId);
    epochs.remove(runId);
    return locked.remove(runId);
  }

  /**
   * @throws WorkflowFailure RUN_OWNED_ELSEWHERE when another process stored the run, new to this
   *     one, first: this one writes nothing more to it
   */
  void requireNotRefused(String runId) {
    if (epochs.getOrDefault(runId, UNCLAIMED) == REFUSED) {
      throw ownedElsewhere(runId, STORED_ELSEWHERE);
    }
  }

  /** The epoch this process writes the run's checkpoints with. */
  long epoch(String runId) {
    long epoch = epochs.getOrDefault(runId, UNCLAIMED);
    return epoch == CLAIMING ? UNCLAIMED : epoch;
  }

  boolean holdsNoLock() {
    return locked.isEmpty();
  }

  /** The runs whose locks must be held again on a new connection. */
  List<String> lockedRuns() {
    return List.copyOf(locked);
  }

  static WorkflowFailure ownedElsewhere(String runId, String owner) {
    return new WorkflowFailure(
        FailureCode.RUN_OWNED_ELSEWHERE, "run " + runId + " is owned by " + owner);
  }
}
