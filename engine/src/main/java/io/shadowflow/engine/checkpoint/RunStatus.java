package io.shadowflow.engine.checkpoint;

/** Where a run stands in the store. */
public enum RunStatus {
  RUNNING,
  SUCCEEDED,
  FAILED;

  public boolean finished() {
    return this != RUNNING;
  }
}
