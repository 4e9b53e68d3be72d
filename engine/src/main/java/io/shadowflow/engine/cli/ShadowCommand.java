package io.shadowflow.engine.cli;

import io.shadowflow.engine.container.PodOwner;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.golden.GoldenStore;
import io.shadowflow.engine.golden.InMemoryGoldenStore;
import io.shadowflow.engine.golden.PostgresGoldenStore;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.Durations;
import io.shadowflow.engine.shadow.InMemoryShadowResults;
import io.shadowflow.engine.shadow.PostgresShadowResults;
import io.shadowflow.engine.shadow.SeedRange;
import io.shadowflow.engine.shadow.ShadowMode;
import io.shadowflow.engine.shadow.ShadowPlan;
import io.shadowflow.engine.shadow.ShadowResults;
import io.shadowflow.engine.shadow.ShadowRunner;
import io.shadowflow.engine.shadow.ShadowSummary;
import io.shadowflow.engine.shadow.Shard;
import io.shadowflow.engine.signal.WaitSteps;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shadow FILE}: replays a workflow over a range of seeds and reports any divergence. */
@Command(
    name = "shadow",
    description =
        "Run a workflow over a range of seeds, each several times across worker threads, and"
            + " report every run that did not reproduce its hash.")
final class ShadowCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "Workflow manifest (YAML)")
  Path file;

  @Option(names = "--name", description = "Which Workflow of the file, when it holds several")
  String name;

  @Option(
      names = "--seeds",
      defaultValue = "0..100",
      converter = SeedRangeConverter.class,
      description =
          "FROM..TO, TO excluded (0..7500 is 7,500 seeds), or one seed. Default: ${DEFAULT-VALUE}")
  SeedRange seeds;

  @Option(
      names = "--iterations",
      defaultValue = "3",
      description = "Runs of each seed per cycle. Default: ${DEFAULT-VALUE}")
  int iterations;

  @Option(
      names = "--workers",
      defaultValue = "3",
      description = "Worker threads. Default: ${DEFAULT-VALUE}")
  int workers;

  @Option(
      names = "--mode",
      defaultValue = "crossWorker",
      description =
          "crossWorker (iterations of a seed on different workers hash the same), replay (each"
              + " iteration replays the seed's golden record, recorded first if absent) or both."
              + " Default: ${DEFAULT-VALUE}")
  ShadowMode mode;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Run cycle after cycle for this long, e.g. 24h. Default: one cycle")
  Duration duration;

  @Option(
      names = "--interval",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "With --duration: a cycle starts this often. Default: ${DEFAULT-VALUE}")
  Duration interval;

  @Option(
      names = "--cpu-stress",
      defaultValue = "0",
      description = "Busy threads beside the workers, to test under contention. Default: 0")
  int cpuStress;

  @Option(
      names = "--shard-index",
      defaultValue = "${env:JOB_COMPLETION_INDEX:-0}",
      description = "This process's shard, from 0 (env JOB_COMPLETION_INDEX). Default: 0")
  int shardIndex;

  @Option(
      names = "--shard-count",
      defaultValue = "1",
      description = "Processes sharing the seeds, each with its own --shard-index. Default: 1")
  int shardCount;

  @Option(
      names = "--cycle",
      description =
          "The cycle to run, from 0 (the operator numbers them); a process restarted on it"
              + " finishes it. Default: the one after the last finished cycle")
  Integer cycle;

  @Option(
      names = "--id",
      description = "Shadow run id, the same for every shard of one run. Default: a new one")
  String id;

  @Option(
      names = "--keep-cycles",
      description =
          "Keep the per-seed results of only the newest N cycles (each cycle's totals and"
              + " mismatches stay), so a continuous run's table stays bounded. Default: all")
  Integer keepCycles;

  @Option(
      names = "--in-memory",
      description = "Keep results and golden records in memory instead of PostgreSQL")
  boolean inMemory;

  @Option(
      names = "--no-fail-on-mismatch",
      description =
          "Exit 0 even when replays diverged (the mismatches are in the results) or nothing was"
              + " compared; shadow workers of the operator use it, so a finding does not fail"
              + " their Job")
  boolean reportOnly;

  @Mixin FaultOptions faults;

  @Mixin DatabaseOptions database;

  @Mixin PluginOptions plugins;

  @Mixin ContainerStepOptions containers;

  @Mixin SignalOptions signals;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    CompiledWorkflow workflow = plugins.compiler().compileFile(file, name);
    ShadowPlan plan = plan(workflow);
    Set<String> unsignalled = WaitSteps.signals(Json.MAPPER.valueToTree(workflow.spec()));
    unsignalled.removeAll(signals.signals.keySet());
    if (!unsignalled.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "the workflow waits for signals "
              + unsignalled
              + ", which its fresh runs would wait for: give each with --signal NAME=JSON");
    }
    RunOptions live = RunOptions.DEFAULT.withSignals(signals.box());
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "shadow run %s: workflow %s/%s, mode %s, seeds %s (shard %s), %d iteration(s), %d"
            + " worker(s)%s%n",
        plan.shadowRunId(),
        workflow.namespace(),
        workflow.name(),
        plan.mode(),
        plan.seeds(),
        plan.shard(),
        plan.iterations(),
        plan.workers(),
        plan.continuous() ? ", for " + duration + " every " + interval : "");
    out.flush();
    ShadowSummary summary;
    if (inMemory) {
      if (containers.inPods()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--container-steps pods needs the database, where the operator is asked for pods:"
                + " drop --in-memory");
      }
      summary = run(plan, new InMemoryGoldenStore(), new InMemoryShadowResults(), live, out);
    } else {
      try (DatabaseOptions.Connection connection = database.open(4)) {
        var dataSource = connection.database().dataSource();
        summary =
            run(
                plan,
                new PostgresGoldenStore(dataSource),
                keepCycles == null
                    ? new PostgresShadowResults(dataSource)
                    : PostgresShadowResults.keepingCycles(dataSource, keepCycles),
                live.withContainers(
                    containers.runner(dataSource, new PodOwner.ShadowWorker(plan.shadowRunId()))),
                out);
      }
    }
    boolean compared = plan.mode().compares(plan.iterations());
    new SummaryPrinter(out).print(summary, compared);
    if (reportOnly) {
      return Main.SUCCESS;
    }
    if (!compared) {
      return Main.INVALID_INPUT;
    }
    return summary.deterministic() ? Main.SUCCESS : Main.MISMATCH;
  }

  private ShadowPlan plan(CompiledWorkflow workflow) {
    try {
      return new ShadowPlan(
          id == null ? ShadowPlan.newId() : id,
          workflow,
          seeds,
          iterations,
          workers,
          mode,
          new Shard(shardIndex, shardCount),
          duration,
          interval,
          cpuStress,
          faults.plan(spec.commandLine()),
          cycle);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private static ShadowSummary run(
      ShadowPlan plan, GoldenStore goldens, ShadowResults results, RunOptions live, PrintWriter out)
      throws InterruptedException {
    try (results;
        ProgressPrinter progress = ProgressPrinter.forConsole(out, System.console() != null)) {
      return new ShadowRunner(
              plan, goldens, results, progress, WorkflowExecutor.defaultHttpClient(), live)
          .run();
    }
  }

  /** Reads {@code --seeds}. */
  static final class SeedRangeConverter implements CommandLine.ITypeConverter<SeedRange> {
    @Override
    public SeedRange convert(String value) {
      try {
        return SeedRange.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Reads durations as Kubernetes writes them. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not " + Durations.FORMAT);
      }
    }
  }
}
