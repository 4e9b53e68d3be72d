package io.shadowflow.engine.fault;

import io.shadowflow.api.FaultName;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.RecoveryMode;

/**
 * A failure the engine can inject on purpose, to show that runs recover as their policy says. Each
 * type raises its catalog code at the point where the real failure would happen. Users name them by
 * {@link FaultName}, the vocabulary the CRD and the CLI share; each name has the type of that name.
 */
public enum FaultType {
  CONNECTION_RESET(Stage.ATTEMPT, FailureCode.CONNECTION_RESET),
  TIMEOUT(Stage.ATTEMPT, FailureCode.TIMEOUT),
  HTTP_503(Stage.ATTEMPT, FailureCode.HTTP_503),
  HTTP_401(Stage.ATTEMPT, FailureCode.HTTP_401),
  HTTP_403(Stage.ATTEMPT, FailureCode.HTTP_403),
  HTTP_404(Stage.ATTEMPT, FailureCode.HTTP_404),
  MALFORMED_RESPONSE(Stage.ATTEMPT, FailureCode.RESPONSE_MALFORMED),
  SCHEMA_VIOLATION(Stage.ATTEMPT, FailureCode.RESPONSE_SCHEMA_VIOLATION),
  OUT_OF_MEMORY(Stage.ATTEMPT, FailureCode.OUT_OF_MEMORY),
  DENIED_KIND(Stage.ATTEMPT, FailureCode.POLICY_KIND_DENIED),
  DB_CONNECTION_LOST(Stage.AFTER_COMMIT, FailureCode.DB_CONNECTION_LOST),
  POOL_EXHAUSTED(Stage.BEFORE_COMMIT, FailureCode.DB_POOL_EXHAUSTED),
  DISK_FULL(Stage.BEFORE_COMMIT, FailureCode.DB_DISK_FULL);

  /** Where the fault strikes. */
  public enum Stage {
    /** Instead of the step's attempt: the call, the policy check or the memory fails. */
    ATTEMPT,
    /** The checkpoint write is refused: nothing is written. */
    BEFORE_COMMIT,
    /** The checkpoint is written but its acknowledgement is lost: the write must be repeated. */
    AFTER_COMMIT
  }

  private final Stage stage;
  private final FailureCode code;

  FaultType(Stage stage, FailureCode code) {
    this.stage = stage;
    this.code = code;
  }

  /** The type a user names. */
  public static FaultType of(FaultName name) {
    return valueOf(name.name());
  }

  /**
   * Whether the fault stops the process to be resumed (the disk is full, memory ran out). Such a
   * fault strikes an attempt once: the process that resumes it meets it no more, as a real one
   * would not after the operator freed disk or memory.
   */
  public boolean stopsTheProcess() {
    return code.recovery() == RecoveryMode.RESUME_FROM_CHECKPOINT;
  }

  public Stage stage() {
    return stage;
  }

  public FailureCode code() {
    return code;
  }

  /** The failure this fault raises at {@code step}. */
  public InjectedFault raise(String step) {
    return new InjectedFault(
        code, step + ": injected fault " + name() + " (" + code.summary() + ")");
  }
}
