package io.shadowflow.engine.cli;

import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.CompiledWorkflow;
import java.io.PrintWriter;
import java.time.Instant;

/** Prints each step as it completes, and the final workflow hash. */
final class ConsoleReporter implements ExecutionListener {
  private static final int MAX_OUTPUT = 60;

  private final PrintWriter out;

  ConsoleReporter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void runStarted(CompiledWorkflow workflow, String runId, int committedSteps) {
    out.printf(
        "workflow %s (type %s, seed %d) run %s%s%n",
        workflow.name(),
        workflow.type(),
        workflow.seed(),
        runId,
        committedSteps == 0 ? "" : ", resuming after " + committedSteps + " committed step(s)");
    out.flush();
  }

  @Override
  public void stepCompleted(CompiledStep step, StepRecord record) {
    print("ok", record, record.durationMs() + " ms");
  }

  @Override
  public void stepRestored(CompiledStep step, StepRecord record) {
    print("cp", record, "from checkpoint");
  }

  @Override
  public void attemptFailed(
      CompiledStep step, int attempt, WorkflowFailure failure, Instant retryAt) {
    if (retryAt != null) {
      out.printf(
          "  %-4s %-9s %-16s %-10s attempt %d: %s; next attempt at %s%n",
          "wait", step.path(), step.name(), step.kind().name(), attempt, failure.code(), retryAt);
      out.flush();
    }
  }

  @Override
  public void stepFailed(CompiledStep step, WorkflowFailure failure) {
    out.printf(
        "  %-4s %-9s %-16s %-10s %s%n",
        "FAIL", step.path(), step.name(), step.kind().name(), failure.describe());
    out.flush();
  }

  @Override
  public void runFinished(RunResult result) {
    out.println(
        result.success()
            ? "succeeded"
            : "failed: " + result.errorCode() + " at " + result.failedStep());
    out.println("workflow hash: " + result.workflowHash());
    out.flush();
  }

  private void print(String mark, StepRecord record, String note) {
    String output = CanonicalJson.of(record.output());
    if (output.length() > MAX_OUTPUT) {
      output = output.substring(0, MAX_OUTPUT - 3) + "...";
    }
    out.printf(
        "  %-4s %-9s %-16s %-10s %-40s %s%n",
        mark, record.path(), record.name(), record.kind(), output, note);
    out.flush();
  }
}
