package io.shadowflow.engine.cli;

import io.shadowflow.engine.checkpoint.CheckpointStore;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.exec.CompiledWorkflow;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.exec.WorkflowExecutor;
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
    if (inMemory) {
      result = run(workflow, new InMemoryCheckpointStore(), listener);
    } else {
      try (DatabaseOptions.Connection connection = database.open(2)) {
        result =
            run(
                workflow,
                new PostgresCheckpointStore(connection.database().dataSource()),
                listener);
      }
    }
    if (output == Output.json) {
      out.println(Json.write(result.toJson()));
    }
    out.flush();
    return result.success() ? Main.SUCCESS : Main.WORKFLOW_FAILED;
  }

  private static RunResult run(
      CompiledWorkflow workflow, CheckpointStore store, ExecutionListener listener)
      throws InterruptedException {
    try (store) {
      return new WorkflowExecutor(store).run(workflow, listener);
    }
  }
}
