package io.shadowflow.engine.exec;

import io.shadowflow.engine.child.ChildWorkflows;
import io.shadowflow.engine.container.ContainerRunner;
import io.shadowflow.engine.container.LocalContainers;
import io.shadowflow.engine.fault.FaultPlan;
import io.shadowflow.engine.secret.SecretDirectory;
import io.shadowflow.engine.signal.SignalBox;

/**
 * How a run is made, beyond its workflow.
 *
 * @param lineage empty for a workflow's first run; what distinguishes a deliberate re-run (a
 *     restart from a step) otherwise. It enters the run id.
 * @param faults the faults to inject; {@link FaultPlan#NONE} in production
 * @param replayFrom null for a live run; for a replay, the recorded external results it is served
 *     instead of making calls (and it waits for no timer)
 * @param secrets where http steps read secret values; by default the folder {@code
 *     SHADOWFLOW_SECRETS_DIR} names, which the operator sets in engine pods
 * @param containers what runs container steps: local processes by default, pods in engine pods
 * @param signals where wait steps find their signals: none by default
 * @param parking when a wait stops the engine process instead of being waited in place: never by
 *     default; an engine Job parks
 * @param children what runs the children of workflow steps: nothing by default
 */
public record RunOptions(
    String lineage,
    FaultPlan faults,
    RecordedExternals replayFrom,
    SecretDirectory secrets,
    ContainerRunner containers,
    SignalBox signals,
    Parking parking,
    ChildWorkflows children) {
  /** A first run with nothing special. */
  public static final RunOptions DEFAULT = new RunOptions("");

  /** A live run of this lineage without faults. */
  public RunOptions(String lineage) {
    this(
        lineage,
        FaultPlan.NONE,
        null,
        SecretDirectory.fromEnvironment(),
        LocalContainers.INSTANCE,
        SignalBox.NONE,
        Parking.NEVER,
        ChildWorkflows.NONE);
  }

  /** The same run with this fault plan. */
  public RunOptions withFaults(FaultPlan plan) {
    return new RunOptions(
        lineage, plan, replayFrom, secrets, containers, signals, parking, children);
  }

  /** The same run reading secret values from {@code directory}. */
  public RunOptions withSecrets(SecretDirectory directory) {
    return new RunOptions(
        lineage, faults, replayFrom, directory, containers, signals, parking, children);
  }

  /** The same run with its container steps run by {@code runner}. */
  public RunOptions withContainers(ContainerRunner runner) {
    return new RunOptions(lineage, faults, replayFrom, secrets, runner, signals, parking, children);
  }

  /** The same run with its wait steps finding their signals in {@code box}. */
  public RunOptions withSignals(SignalBox box) {
    return new RunOptions(lineage, faults, replayFrom, secrets, containers, box, parking, children);
  }

  /** The same run parking as {@code rule} says. */
  public RunOptions withParking(Parking rule) {
    return new RunOptions(
        lineage, faults, replayFrom, secrets, containers, signals, rule, children);
  }

  /** The same run with its child workflows run by {@code runner}. */
  public RunOptions withChildren(ChildWorkflows runner) {
    return new RunOptions(
        lineage, faults, replayFrom, secrets, containers, signals, parking, runner);
  }

  /** A replay of a first run, served the external results of {@code recorded}. */
  public static RunOptions replay(RecordedExternals recorded) {
    // A replay is served the recorded answers: it sends no request, reads no secret, starts no
    // container.
    return new RunOptions(
        "",
        FaultPlan.NONE,
        recorded,
        SecretDirectory.NONE,
        ContainerRunner.NONE,
        SignalBox.NONE,
        Parking.NEVER,
        ChildWorkflows.NONE);
  }
}
