package io.shadowflow.engine.cli;

import io.shadowflow.engine.checkpoint.CheckpointStore;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.exec.CompiledWorkflow;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.golden.DivergenceReport;
import io.shadowflow.engine.golden.GoldenWrite;
import io.shadowflow.engine.golden.PostgresGoldenStore;
import io.shadowflow.engine.golden.RunRecorder;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
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

  @Parameters(paramLabel = "FILE", description = "Workflow manifest (YAML), as for kubectl apply")
  Path file;

  @Option(names = "--name", description = "Which Workflow of the file, when it holds several")
  String name;

  @Option(names = "--seed", description = "Run with this seed instead of spec.seed")
  Long seed;

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

  @Mixin DatabaseOptions database;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    CompiledWorkflow workflow = new WorkflowCompiler().compileFile(file, name);
    if (seed != null) {
      workflow = workflow.withSeed(seed);
    }
    PrintWriter out = spec.commandLine().getOut();
    ExecutionListener listener =
        output == Output.text ? new ConsoleReporter(out) : ExecutionListener.NONE;
    RunResult result;
    GoldenWrite golden = null;
    if (inMemory) {
      result = run(workflow, new InMemoryCheckpointStore(), listener);
    } else {
      try (DatabaseOptions.Connection connection = database.open(2)) {
        var dataSource = connection.database().dataSource();
        RunRecorder recorder = new RunRecorder();
        result =
            run(
                workflow,
                new PostgresCheckpointStore(dataSource),
                recordsGolden(workflow) ? new TeeListener(listener, recorder) : listener);
        if (recordsGolden(workflow)) {
          golden =
              new PostgresGoldenStore(dataSource).record(recorder.record(workflow, result, null));
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

  private static RunResult run(
      CompiledWorkflow workflow, CheckpointStore store, ExecutionListener listener)
      throws InterruptedException {
    try (store) {
      return new WorkflowExecutor(store).run(workflow, listener);
    }
  }
}
