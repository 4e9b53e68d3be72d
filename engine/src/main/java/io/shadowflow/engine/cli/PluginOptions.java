package io.shadowflow.engine.cli;

import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.plugin.Plugins;
import io.shadowflow.engine.step.StepKinds;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where step plugins are: their kinds join the built-in ones for compiling and running. */
final class PluginOptions {
  @Option(
      names = "--plugins",
      paramLabel = "DIR",
      defaultValue = "${env:SHADOWFLOW_PLUGINS}",
      description =
          "Folder of step plugin jars (env SHADOWFLOW_PLUGINS): their kinds join the built-in"
              + " ones (docs/java-steps.md).")
  Path folder;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** A compiler that knows the built-in kinds and the plugins' ones. */
  WorkflowCompiler compiler() {
    if (folder == null) {
      return new WorkflowCompiler(StepKinds.installed());
    }
    try {
      return new WorkflowCompiler(Plugins.load(folder));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), e.getMessage(), e);
    }
  }
}
