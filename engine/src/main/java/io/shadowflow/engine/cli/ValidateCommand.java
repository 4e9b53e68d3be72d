package io.shadowflow.engine.cli;

import io.shadowflow.engine.model.CompiledWorkflow;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code validate FILE}: checks a manifest without running it. */
@Command(name = "validate", description = "Check a Workflow manifest without running it.")
final class ValidateCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "Workflow manifest (YAML)")
  Path file;

  @Option(names = "--name", description = "Which Workflow of the file, when it holds several")
  String name;

  @Mixin PluginOptions plugins;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CompiledWorkflow workflow = plugins.compiler().compileFile(file, name);
    spec.commandLine()
        .getOut()
        .printf(
            "%s: valid Workflow %s/%s, %d steps, definition %s%n",
            file,
            workflow.namespace(),
            workflow.name(),
            workflow.steps().size(),
            workflow.definitionHash());
    return Main.SUCCESS;
  }
}
