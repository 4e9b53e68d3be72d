package io.shadowflow.engine.failure;

/** What the system does about a failure. */
public enum RecoveryMode {
  /** Retry the step at once, within its retry policy. */
  RETRY,
  /** Retry the step after an exponential backoff. */
  RETRY_WITH_BACKOFF,
  /** Stop here; a new process resumes the run from its last checkpoint. */
  RESUME_FROM_CHECKPOINT,
  /** The run ends as Failed. */
  FAIL_RUN,
  /** Nothing automatic helps: an operator must act. */
  NEEDS_OPERATOR
}
