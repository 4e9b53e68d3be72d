package io.shadowflow.engine.cli;

import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.checkpoint.RunDefinition;
import io.shadowflow.engine.checkpoint.StoredRunDefinitions;
import io.shadowflow.engine.child.StoredChildren;
import io.shadowflow.engine.container.PodOwner;
import io.shadowflow.engine.exec.Parking;
import io.shadowflow.engine.exec.RunDefinitions;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.exec.RunParked;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.metrics.PrometheusEndpoint;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.model.Problem;
import io.shadowflow.engine.run.Lineage;
import io.shadowflow.engine.signal.StoredSignals;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code execute --run-id ID}: executes, or resumes, a run the operator allocated in PostgreSQL.
 * This is what an engine Job's pod runs; the definition comes from the run's row, not from a file.
 * With {@code --park-after}, a run that waits longer is parked: the process exits 0 and the run
 * stays RUNNING, recorded as waiting (see {@link RunParked}).
 */
@Command(
    name = "execute",
    description = "Execute or resume a run allocated in PostgreSQL (what an engine Job runs).")
final class ExecuteCommand implements Callable<Integer> {
  @Option(names = "--run-id", required = true, description = "The run to execute")
  String runId;

  @Option(
      names = "--lineage",
      defaultValue = "",
      description =
          "Lineage of the run (a restart from a step names its origin); enters the run id")
  String lineage;

  @Option(
      names = "--park-after",
      description =
          "Park the run (record what it waits for and exit 0) when it would wait longer than this"
              + " for a signal or a timer; an engine started again resumes it. Default: wait in"
              + " place")
  String parkAfter;

  @Mixin ContainerStepOptions containers;

  @Mixin DatabaseOptions database;

  @Mixin PluginOptions plugins;

  @Mixin SecretOptions secrets;

  @Mixin MetricsOptions metrics;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (!Lineage.isValid(lineage)) {
      // Said without the value: a Job's argument may have been expanded into a credential.
      throw new InvalidManifestException(List.of(new Problem("--lineage", Lineage.EXPECTED)));
    }
    try (PrometheusEndpoint endpoint = metrics.start(spec.commandLine().getErr());
        DatabaseOptions.Connection connection = database.openExisting(2)) {
      DataSource dataSource = connection.database().dataSource();
      RunDefinition run =
          new StoredRunDefinitions(dataSource)
              .find(runId)
              .orElseThrow(
                  () ->
                      new InvalidManifestException(
                          List.of(
                              new Problem("--run-id", "no run " + runId + " in the database"))));
      CompiledWorkflow workflow = plugins.compiler().compile(RunDefinitions.manifest(run));
      RunOptions options =
          new RunOptions(lineage)
              .withSecrets(secrets.directory())
              .withContainers(containers.runner(dataSource, new PodOwner.Run()))
              .withSignals(new StoredSignals(dataSource))
              .withChildren(new StoredChildren(dataSource))
              .withParking(parking());
      String compiledId = RunDefinitions.runId(workflow, options);
      if (!compiledId.equals(runId)) {
        // Another engine build reads the stored definition differently: running it would not be
        // the run that was allocated.
        throw new WorkflowFailure(
            FailureCode.INTERNAL_ERROR,
            "run "
                + runId
                + " compiles to run id "
                + compiledId
                + " with its lineage in this engine build; run the engine version that allocated"
                + " it");
      }
      try (PostgresCheckpointStore store = new PostgresCheckpointStore(dataSource)) {
        RunResult result =
            new WorkflowExecutor(store)
                .run(workflow, options, new ConsoleReporter(spec.commandLine().getOut()));
        return result.success() ? Main.SUCCESS : Main.WORKFLOW_FAILED;
      } catch (RunParked parked) {
        spec.commandLine().getOut().println("run " + runId + " " + parked.getMessage());
        return Main.SUCCESS;
      }
    }
  }

  private Parking parking() {
    return parkAfter == null
        ? Parking.NEVER
        : Parking.after(DurationOption.parse(parkAfter, "--park-after", spec.commandLine()));
  }
}
