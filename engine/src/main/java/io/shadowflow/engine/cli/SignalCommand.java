package io.shadowflow.engine.cli;

import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.signal.SignalDelivery;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signal FILE NAME --payload JSON}: delivers a signal to the run of a manifest waiting in
 * the database, from another terminal. Exit 0 delivered, 2 refused (with the reason).
 */
@Command(
    name = "signal",
    description =
        "Deliver a signal to the run of a workflow file that waits for it (a wait step), in the"
            + " embedded or given database.")
final class SignalCommand implements Callable<Integer> {
  @Mixin WorkflowFileOptions workflowFile;

  @Parameters(index = "1", paramLabel = "NAME", description = "The signal's name")
  String name;

  @Option(
      names = "--payload",
      defaultValue = "null",
      description = "The signal's payload, JSON. Default: ${DEFAULT-VALUE}")
  String payload;

  @Option(
      names = "--lineage",
      defaultValue = "",
      description = "The run's lineage, for a run restarted from a step")
  String lineage;

  @Mixin DatabaseOptions database;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CompiledWorkflow workflow = workflowFile.compile();
    String runId = workflow.runId(lineage);
    SignalDelivery.Outcome outcome;
    try (DatabaseOptions.Connection connection = database.openExisting(2)) {
      outcome =
          new SignalDelivery(connection.database().dataSource())
              .deliver(
                  workflow.namespace(),
                  runId,
                  name,
                  SignalOptions.payload("--payload", payload),
                  "cli " + UUID.randomUUID());
    }
    if (outcome.delivered()) {
      spec.commandLine().getOut().println("signal " + name + ": " + outcome.reason());
      return Main.SUCCESS;
    }
    spec.commandLine().getErr().println("signal " + name + " refused: " + outcome.reason());
    return Main.INVALID_INPUT;
  }
}
