package io.shadowflow.engine.testing;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.exec.RunDefinitions;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.model.CompiledWorkflow;
import java.time.Instant;

/** A run as the operator makes it: allocated in the database, then executed as its Job does. */
public final class EngineJob {
  private EngineJob() {}

  /** Allocates the first run of {@code workflow}, as the operator does, and returns its id. */
  public static String allocate(Database database, CompiledWorkflow workflow) {
    return new PostgresCheckpointStore(database.dataSource())
        .createRun(RunDefinitions.of(workflow, RunOptions.DEFAULT, Instant.now()))
        .runId();
  }

  /** {@code execute --run-id RUN --park-after PARK_AFTER} in-process, as an engine Job runs it. */
  public static Cli.Outcome execute(Database database, String runId, String parkAfter) {
    return Cli.shadowflow(
        "execute",
        "--run-id",
        runId,
        "--jdbc-url",
        TestDatabase.JDBC_URL,
        "--db-schema",
        database.config().schema(),
        "--park-after",
        parkAfter);
  }
}
