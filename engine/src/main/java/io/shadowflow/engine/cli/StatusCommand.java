package io.shadowflow.engine.cli;

import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.checkpoint.RunState;
import io.shadowflow.engine.checkpoint.StepProgress;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.CompiledWorkflow;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code status FILE}: where a run stands: its committed steps, and for a step in flight its
 * current attempt, the error that caused it and when it is due.
 */
@Command(
    name = "status",
    description = "Show a run's progress, and the attempt, error and due time of a retrying step.")
final class StatusCommand implements Callable<Integer> {
  @Mixin WorkflowFileOptions workflowFile;

  @Mixin DatabaseOptions database;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CompiledWorkflow workflow = workflowFile.compile();
    String runId = workflow.runId(RunOptions.DEFAULT.lineage());
    RunState state;
    try (DatabaseOptions.Connection connection = database.open(1)) {
      state = new PostgresCheckpointStore(connection.database().dataSource()).readRun(runId);
    } catch (WorkflowFailure e) {
      if (e.code() != FailureCode.RUN_NOT_FOUND) {
        throw e;
      }
      // Asking about a run that never started is a wrong argument, not a broken database.
      PrintWriter err = spec.commandLine().getErr();
      err.printf(
          "error %s: no run %s of Workflow %s in this database: not started, or nothing"
              + " committed yet (a new run is stored by its first commit); start it with `run`, or"
              + " check the manifest's seed and the --db-schema%n",
          FailureCode.RUN_NOT_FOUND, runId, workflow.name());
      err.flush();
      return Main.INVALID_INPUT;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("run %s: %s, %d step(s) committed%n", runId, state.status(), state.steps().size());
    if (!state.steps().isEmpty()) {
      StepRecord last = state.steps().get(state.steps().size() - 1);
      out.printf("  last checkpoint: %s (%s)%n", last.path(), last.name());
    }
    for (StepProgress step : state.progress()) {
      out.printf("  in flight: %s attempt %d", step.path(), step.attempt());
      if (step.lastErrorCode() != null) {
        out.printf(", after %s: %s", step.lastErrorCode(), step.lastErrorMessage());
      }
      if (step.nextAttemptAt() != null) {
        out.printf(", next attempt due %s", step.nextAttemptAt());
      }
      if (step.timerDueAt() != null) {
        out.printf(", timer due %s", step.timerDueAt());
      }
      out.println();
    }
    if (state.outcome() != null && !state.outcome().success()) {
      out.printf(
          "  failed at %s: %s %s%n",
          state.outcome().failedStep(),
          state.outcome().errorCode(),
          state.outcome().errorMessage());
    }
    if (state.outcome() != null) {
      out.printf("  workflow hash: %s%n", state.outcome().workflowHash());
    }
    out.flush();
    return Main.SUCCESS;
  }
}
