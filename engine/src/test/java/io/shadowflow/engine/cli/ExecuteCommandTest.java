package io.shadowflow.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.exec.CompiledWorkflow;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunDefinitions;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecuteCommandTest {
  private final Database database = TestDatabase.fresh();

  @AfterEach
  void close() {
    database.close();
  }

  private int execute(String runId, String lineage, StringWriter out, StringWriter err) {
    return Main.execute(
        new PrintWriter(out),
        new PrintWriter(err),
        "execute",
        "--run-id",
        runId,
        "--lineage",
        lineage,
        "--jdbc-url",
        TestDatabase.JDBC_URL,
        "--db-schema",
        database.config().schema());
  }

  @Test
  void executesAnAllocatedRunFromItsStoredDefinitionWithTheHashOfALocalRun() throws Exception {
    CompiledWorkflow workflow = Manifests.compileExample("reference-workflow.yaml");
    RunOptions restart = new RunOptions("restart-test");
    var store = new PostgresCheckpointStore(database.dataSource());
    String runId = store.openRun(RunDefinitions.of(workflow, restart, Instant.now())).runId();

    StringWriter out = new StringWriter();
    assertThat(execute(runId, "restart-test", out, new StringWriter())).isZero();

    String expected =
        new WorkflowExecutor(store).run(workflow, restart, ExecutionListener.NONE).workflowHash();
    assertThat(out.toString()).contains("run " + runId).contains("workflow hash: " + expected);
  }

  @Test
  void anUnknownRunIdIsInvalidInput() {
    StringWriter err = new StringWriter();
    assertThat(execute("run-nope", "", new StringWriter(), err)).isEqualTo(Main.INVALID_INPUT);
    assertThat(err.toString()).contains("--run-id: no run run-nope in the database");
  }

  @Test
  void aLineageThatDoesNotMakeTheRunIdIsRefused() {
    CompiledWorkflow workflow = Manifests.compileExample("reference-workflow.yaml");
    var store = new PostgresCheckpointStore(database.dataSource());
    String runId =
        store.openRun(RunDefinitions.of(workflow, RunOptions.DEFAULT, Instant.now())).runId();
    StringWriter err = new StringWriter();
    assertThat(execute(runId, "other", new StringWriter(), err)).isEqualTo(Main.CANNOT_CONTINUE);
    assertThat(err.toString()).contains("INTERNAL_ERROR").contains("compiles to run id");
  }
}
