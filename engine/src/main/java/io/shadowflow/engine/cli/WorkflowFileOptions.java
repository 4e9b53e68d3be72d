package io.shadowflow.engine.cli;

import io.shadowflow.engine.model.CompiledWorkflow;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which run a command is about: a Workflow manifest, the Workflow in it, and its seed. */
final class WorkflowFileOptions {
  @Parameters(paramLabel = "FILE", description = "Workflow manifest (YAML), as for kubectl apply")
  Path file;

  @Option(names = "--name", description = "Which Workflow of the file, when it holds several")
  String name;

  @Option(names = "--seed", description = "The run with this seed instead of spec.seed")
  Long seed;

  @Mixin PluginOptions plugins;

  /** The compiled Workflow, with the seed of --seed if given. */
  CompiledWorkflow compile() {
    CompiledWorkflow workflow = plugins.compiler().compileFile(file, name);
    return seed == null ? workflow : workflow.withSeed(seed);
  }
}
