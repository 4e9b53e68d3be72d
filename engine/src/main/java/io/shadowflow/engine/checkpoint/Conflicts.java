package io.shadowflow.engine.checkpoint;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;

/** The rule both stores apply when a step is committed twice. */
final class Conflicts {
  private Conflicts() {}

  /** Same hash: a harmless repeat. Another hash: the step is not deterministic. */
  static void requireSameHash(String runId, String committedHash, StepRecord attempted) {
    if (!committedHash.equals(attempted.stepHash())) {
      throw new WorkflowFailure(
          FailureCode.DETERMINISM_VIOLATION,
          "run "
              + runId
              + " step "
              + attempted.path()
              + " ("
              + attempted.name()
              + ") was committed with hash "
              + committedHash
              + " and now produced "
              + attempted.stepHash()
              + "; the committed record is kept");
    }
  }
}
