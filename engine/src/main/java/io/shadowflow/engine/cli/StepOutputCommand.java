package io.shadowflow.engine.cli;

import io.shadowflow.engine.container.ContainerOutcome;
import io.shadowflow.engine.container.OutputFrame;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code step-output FILE}: the {@code output} container of a step pod. It prints the file the step
 * wrote, framed, for the operator to read from its log; at most one byte past the limit, which is
 * enough to tell that the output is too large.
 */
@Command(
    name = "step-output",
    hidden = true,
    description = "Print a container step's output file for the operator (step pods run it).")
final class StepOutputCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The output file the step wrote")
  Path file;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    byte[] content;
    try (InputStream in = Files.newInputStream(file)) {
      content = in.readNBytes(ContainerOutcome.MAX_OUTPUT_BYTES + 1);
    } catch (NoSuchFileException e) {
      spec.commandLine().getErr().println("the step wrote no output file " + file);
      return Main.WORKFLOW_FAILED;
    }
    spec.commandLine().getOut().println(OutputFrame.encode(content));
    return Main.SUCCESS;
  }
}
