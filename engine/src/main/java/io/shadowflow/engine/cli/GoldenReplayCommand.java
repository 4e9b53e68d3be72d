package io.shadowflow.engine.cli;

import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.golden.DivergenceReport;
import io.shadowflow.engine.golden.GoldenRecord;
import io.shadowflow.engine.golden.PostgresGoldenStore;
import io.shadowflow.engine.golden.RecordingExecutor;
import io.shadowflow.engine.golden.ReplayReport;
import io.shadowflow.engine.model.CompiledWorkflow;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code golden replay FILE}: re-executes a run from its golden record and compares. */
@Command(
    name = "replay",
    description =
        "Replay a run from its golden record: every external result comes from the record, none"
            + " from the network. Exit code 0 when the replay reproduces the record, 4 when it"
            + " diverges (the first diverging step is printed side by side with a diff).")
final class GoldenReplayCommand implements Callable<Integer> {
  @Mixin WorkflowFileOptions workflowFile;

  @Mixin DatabaseOptions database;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    CompiledWorkflow workflow = workflowFile.compile();
    GoldenRecord golden = find(workflow);
    ReplayReport report =
        new RecordingExecutor(WorkflowExecutor.defaultHttpClient())
            .replayAndCompare(workflow, golden);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "replayed %s (recorded by engine %s): %s%n",
        golden.runId(),
        golden.build(),
        report.divergence().isEmpty()
            ? "reproduced, workflow hash " + report.actual().workflowHash()
            : "DIVERGED");
    report.divergence().ifPresent(divergence -> out.print(DivergenceReport.render(divergence)));
    out.flush();
    return report.divergence().isEmpty() ? Main.SUCCESS : Main.MISMATCH;
  }

  private GoldenRecord find(CompiledWorkflow workflow) {
    String runId = GoldenRecord.runIdOf(workflow);
    try (DatabaseOptions.Connection connection = database.open(2)) {
      return new PostgresGoldenStore(connection.database().dataSource())
          .find(runId)
          .orElseThrow(
              () ->
                  new CommandLine.ParameterException(
                      spec.commandLine(),
                      "no golden record of "
                          + workflowFile.file
                          + " with seed "
                          + workflow.seed()
                          + " (run "
                          + runId
                          + "): record one with spec.golden.record: true, or pick the seed"
                          + " with --seed"));
    }
  }
}
