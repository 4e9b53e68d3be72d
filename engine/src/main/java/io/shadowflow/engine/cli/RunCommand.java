package io.shadowflow.engine.cli;

import io.shadowflow.engine.checkpoint.CheckpointStore;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.child.InProcessChildren;
import io.shadowflow.engine.child.WorkflowTemplates;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.golden.DivergenceReport;
import io.shadowflow.engine.golden.GoldenWrite;
import io.shadowflow.engine.golden.PostgresGoldenStore;
import io.shadowflow.engine.golden.RunRecorder;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.signal.StoredSignals;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run FILE}: runs a Workflow manifest, or resumes it from its checkpoints. */
@Command(
    name = "run",
    description = "Run a Workflow manifest, checkpointing every step; run again to resume it.")
final class RunCommand implements Callable<Integer> {
  /** How the result is printed. */
  enum Output {
    text,
    json
  }

  @Mixin WorkflowFileOptions workflowFile;

  @Option(
      names = "--output",
      defaultValue = "text",
      description =
          "text (steps as they go) or json (the hash contract). Default: ${DEFAULT-VALUE}")
  Output output;

  @Option(
      names = "--in-memory",
      description = "Keep checkpoints in memory only: nothing to resume from")
  boolean inMemory;

  @Mixin FaultOptions faults;

  @Mixin DatabaseOptions database;

  @Mixin SecretOptions secrets;

  @Mixin SignalOptions signals;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try {
      return runOrResume();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkflowFailure(
          FailureCode.RUN_INTERRUPTED,
          FailureCode.RUN_INTERRUPTED.withDetail(workflowFile.file.toString()),
          e);
    }
  }

  private int runOrResume() throws InterruptedException {
    RunOptions options =
        RunOptions.DEFAULT
            .withFaults(faults.plan(spec.commandLine()))
            .withSecrets(secrets.directory());
    CompiledWorkflow workflow = workflowFile.compile();
    PrintWriter out = spec.commandLine().getOut();
    ExecutionListener listener =
        output == Output.text ? new ConsoleReporter(out) : ExecutionListener.NONE;
    RunResult result;
    GoldenWrite golden = null;
    if (inMemory) {
      result =
          run(
              workflow,
              options.withSignals(signals.box()),
              new InMemoryCheckpointStore(),
              null,
              listener);
    } else {
      try (DatabaseOptions.Connection connection = database.open(2)) {
        var dataSource = connection.database().dataSource();
        RunRecorder recorder = new RunRecorder();
        result =
            run(
                workflow,
                options.withSignals(signals.box().or(new StoredSignals(dataSource))),
                new PostgresCheckpointStore(dataSource),
                new WorkflowTemplates(dataSource),
                recordsGolden(workflow) ? new TeeListener(listener, recorder) : listener);
        if (recordsGolden(workflow)) {
          golden =
              new PostgresGoldenStore(dataSource)
                  .record(recorder.record(workflow, result, options.faults().toJson()));
        }
      }
    }
    if (output == Output.json) {
      out.println(Json.write(result.toJson()));
    } else if (golden != null) {
      out.println("golden record: " + golden.describe());
    }
    if (golden != null && golden.divergence().isPresent()) {
      // The same run once ended differently: that is a determinism bug, whatever this run did.
      out.print(DivergenceReport.render(golden.divergence().get()));
      out.flush();
      return Main.MISMATCH;
    }
    out.flush();
    return result.success() ? Main.SUCCESS : Main.WORKFLOW_FAILED;
  }

  /** Whether the workflow asks for golden records ({@code spec.golden.record}). */
  private static boolean recordsGolden(CompiledWorkflow workflow) {
    return workflow.spec().golden != null && Boolean.TRUE.equals(workflow.spec().golden.record);
  }

  /**
   * Runs {@code workflow}, its children in this process.
   *
   * @param templates where children named by {@code workflowRef} find their steps; null for none
   */
  private static RunResult run(
      CompiledWorkflow workflow,
      RunOptions options,
      CheckpointStore store,
      WorkflowTemplates templates,
      ExecutionListener listener)
      throws InterruptedException {
    try (store) {
      WorkflowExecutor executor = new WorkflowExecutor(store);
      // Children run here, in this process and database, each a run of its own.
      return executor.run(
          workflow,
          options.withChildren(new InProcessChildren(executor, options, templates)),
          listener);
    }
  }
}
