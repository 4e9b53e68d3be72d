package io.shadowflow.engine.cli;

import io.shadowflow.engine.model.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Parses a duration option, so a bad value exits 2 with the option's name and the format. */
final class DurationOption {
  private DurationOption() {}

  static Duration parse(String text, String option, CommandLine commandLine) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new CommandLine.ParameterException(
          commandLine, option + ": '" + text + "' is not " + Durations.FORMAT);
    }
  }
}
