package io.shadowflow.engine.runs;

import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.checkpoint.RunDefinition;
import javax.sql.DataSource;

/**
 * Allocates runs in PostgreSQL before any engine process exists, so the process is told only a run
 * id. Idempotent: a reconcile that runs twice allocates nothing twice.
 */
public final class RunAllocator {
  private final PostgresCheckpointStore store;

  public RunAllocator(DataSource dataSource) {
    this.store = new PostgresCheckpointStore(dataSource);
  }

  /** Creates the run if it does not exist yet; it is on disk before a pod is told its id. */
  public void allocate(RunDefinition run) {
    store.createRun(run);
  }
}
