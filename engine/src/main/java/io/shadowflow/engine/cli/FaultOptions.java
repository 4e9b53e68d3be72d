package io.shadowflow.engine.cli;

import io.shadowflow.api.FaultName;
import io.shadowflow.engine.fault.FaultPlan;
import io.shadowflow.engine.fault.FaultType;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --faults} and {@code --fault-probability}, for the commands that can inject faults. */
final class FaultOptions {
  @Option(
      names = "--faults",
      split = ",",
      paramLabel = "TYPE",
      description = "Inject these faults (${COMPLETION-CANDIDATES}), drawn from the run's seed")
  List<FaultName> faults = List.of();

  @Option(
      names = "--fault-probability",
      defaultValue = "0.05",
      description = "Chance that an attempt meets one of the --faults. Default: ${DEFAULT-VALUE}")
  double faultProbability;

  /** The plan the options describe; a probability outside [0, 1] is a usage error. */
  FaultPlan plan(CommandLine commandLine) {
    if (!(faultProbability >= 0.0 && faultProbability <= 1.0)) {
      throw new CommandLine.ParameterException(
          commandLine, "--fault-probability: must be between 0 and 1, got " + faultProbability);
    }
    return faults.isEmpty()
        ? FaultPlan.NONE
        : new FaultPlan(faults.stream().map(FaultType::of).toList(), faultProbability);
  }
}
