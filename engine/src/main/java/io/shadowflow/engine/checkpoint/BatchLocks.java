package io.shadowflow.engine.checkpoint;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run locks a batch takes before its commit, all in one statement (see {@link ClaimStatement}):
 * for the stored runs it opens, for new runs about to call out ({@link CheckpointWrite.Lock}), and
 * for new runs it stores that go on after the commit. A new run the batch stores and ends needs no
 * lock that outlives the commit: the commit takes one for its own duration ({@link
 * BatchStatement.NewRun#lockInCommit}), so the run costs no round trip to lock or let go of.
 */
final class BatchLocks {
  /** What the batch statement is to do once the locks are taken. */
  record Taken(List<RunDefinition> claiming, List<BatchStatement.NewRun> creates) {}

  private static final String HELD_ELSEWHERE =
      "another engine process (it holds the run's lock); this one executed nothing";

  private BatchLocks() {}

  /**
   * Takes the locks and answers what needs no commit: an open refused or of a run not stored, a
   * lock taken or refused, a store refused.
   *
   * @param ending the runs whose end the batch carries
   */
  static Taken take(
      Connection connection,
      OwnedRuns owned,
      List<PendingWrite> opens,
      List<PendingWrite> locks,
      List<PendingWrite> creates,
      Set<String> ending)
      throws SQLException {
    List<PendingWrite> goingOn =
        creates.stream()
            .filter(c -> !ending.contains(c.runId()) && !owned.isLocked(c.runId()))
            .toList();
    Set<String> toLock = new LinkedHashSet<>();
    opens.forEach(open -> toLock.add(open.runId()));
    locks.stream().filter(l -> !owned.isLocked(l.runId())).forEach(l -> toLock.add(l.runId()));
    goingOn.forEach(create -> toLock.add(create.runId()));
    Map<String, Boolean> locked =
        toLock.isEmpty() ? Map.of() : ClaimStatement.lock(connection, List.copyOf(toLock));

    List<RunDefinition> claiming = new ArrayList<>();
    for (PendingWrite pending : opens) {
      var open = (CheckpointWrite.Open) pending.write();
      Boolean stored = locked.get(open.runId());
      if (stored == null) {
        pending.refuse(HELD_ELSEWHERE);
      } else if (stored) {
        claiming.add(open.run());
      } else { // locked, and its first commit stores it
        pending
            .done()
            .complete(new BatchStatement.Claim(OwnedRuns.CREATING, open.run().startedAt(), true));
      }
    }
    for (PendingWrite pending : locks) {
      Boolean stored = locked.get(pending.runId());
      if (stored != null) {
        owned.locked(pending.runId()); // held now, so let go of with the run even if refused
      }
      if (stored == null && !owned.isLocked(pending.runId())) {
        pending.refuse(HELD_ELSEWHERE);
      } else if (Boolean.TRUE.equals(stored)) {
        pending.refuse(OwnedRuns.STORED_ELSEWHERE);
      } else {
        pending.done().complete(null);
      }
    }
    List<BatchStatement.NewRun> storing = new ArrayList<>();
    for (PendingWrite pending : creates) {
      var create = (CheckpointWrite.Create) pending.write();
      if (goingOn.contains(pending)) {
        if (!locked.containsKey(create.runId())) {
          pending.refuse(HELD_ELSEWHERE);
          continue;
        }
        owned.locked(create.runId());
      }
      storing.add(new BatchStatement.NewRun(create.run(), !owned.isLocked(create.runId())));
    }
    return new Taken(claiming, storing);
  }

  /** A new run's row was stored by the batch, or refused because another process stored it. */
  static void stored(PendingWrite pending, BatchStatement.Claim created) {
    if (created != null) {
      pending.done().complete(created);
    } else if (!pending.done().isDone()) {
      pending.refuse(OwnedRuns.STORED_ELSEWHERE);
    }
  }
}
