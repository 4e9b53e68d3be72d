package io.shadowflow.engine.cli;

import io.shadowflow.engine.bench.DurableBenchmark;
import io.shadowflow.engine.bench.MemoryBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bench}: the engine's throughput benchmarks; each prints its figure. */
@Command(
    name = "bench",
    description = "Measure engine throughput.",
    subcommands = {BenchCommand.Memory.class, BenchCommand.Durable.class})
final class BenchCommand {
  /** Options both benchmarks share. */
  static final class Common {
    @Parameters(
        paramLabel = "FILE",
        arity = "0..1",
        defaultValue = "examples/reference-workflow.yaml",
        description = "Workflow to run. Default: ${DEFAULT-VALUE}")
    Path file;

    @Option(
        names = "--seconds",
        defaultValue = "10",
        description = "How long to measure. Default: ${DEFAULT-VALUE}")
    double seconds;
  }

  @Command(
      name = "memory",
      description = "Workflow runs with hashing per second, checkpoints in memory, on all cores.")
  static final class Memory implements Callable<Integer> {
    @Mixin Common common;

    @Option(names = "--threads", description = "Worker threads. Default: the number of cores")
    Integer threads;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
      new MemoryBenchmark(common.file, workers, common.seconds).run(spec.commandLine().getOut());
      return Main.SUCCESS;
    }
  }

  @Command(
      name = "durable",
      description = "Checkpointed steps per second into PostgreSQL with N concurrent runs.")
  static final class Durable implements Callable<Integer> {
    @Mixin Common common;

    @Option(
        names = "--clients",
        defaultValue = "8",
        description = "Concurrent runs (and connections). Default: ${DEFAULT-VALUE}")
    int clients;

    @Option(
        names = "--echo-port",
        paramLabel = "PORT",
        description =
            "Serve the workflow's http calls on 127.0.0.1:PORT, answering each with its body.")
    Integer echoPort;

    @Mixin DatabaseOptions database;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      // One connection per run, and one for the commit writer.
      try (DatabaseOptions.Connection connection = database.open(clients + 1)) {
        new DurableBenchmark(common.file, clients, common.seconds, connection.database())
            .run(echoPort, spec.commandLine().getOut());
      }
      return Main.SUCCESS;
    }
  }
}
