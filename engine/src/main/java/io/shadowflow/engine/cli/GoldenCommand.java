package io.shadowflow.engine.cli;

import io.shadowflow.api.GoldenSpec;
import io.shadowflow.engine.golden.Divergence;
import io.shadowflow.engine.golden.DivergenceReport;
import io.shadowflow.engine.golden.GoldenRecord;
import io.shadowflow.engine.golden.GoldenRetention;
import io.shadowflow.engine.golden.PostgresGoldenStore;
import io.shadowflow.engine.golden.RecordComparison;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code golden replay}, {@code diff} and {@code prune}: replay and compare golden records, and
 * keep them in bounds.
 */
@Command(
    name = "golden",
    description = "Replay, compare and prune golden records.",
    subcommands = {GoldenReplayCommand.class, GoldenCommand.Diff.class, GoldenCommand.Prune.class})
final class GoldenCommand {
  /** {@code golden diff RUN_A RUN_B}. */
  @Command(
      name = "diff",
      description =
          "Compare two golden records step by step; print the first diverging step side by side"
              + " with a diff. Exit code 0 when they agree, 4 when they differ.")
  static final class Diff implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_A", description = "Run id of the expected record")
    String runA;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "Run id of the actual record")
    String runB;

    @Mixin DatabaseOptions database;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (DatabaseOptions.Connection connection = database.open(2)) {
        var store = new PostgresGoldenStore(connection.database().dataSource());
        GoldenRecord a = find(store, runA, "RUN_A");
        GoldenRecord b = find(store, runB, "RUN_B");
        describe(out, "A", a);
        describe(out, "B", b);
        Optional<Divergence> divergence = RecordComparison.firstDivergence(a, b);
        if (divergence.isEmpty()) {
          out.println("identical: same steps, outcome and workflow hash");
          out.flush();
          return Main.SUCCESS;
        }
        out.println();
        out.print(DivergenceReport.render(divergence.get()));
        out.flush();
        return Main.MISMATCH;
      }
    }

    private GoldenRecord find(PostgresGoldenStore store, String runId, String label) {
      return store
          .find(runId)
          .orElseThrow(
              () ->
                  new CommandLine.ParameterException(
                      spec.commandLine(),
                      label
                          + ": no golden record with run id '"
                          + runId
                          + "' in schema "
                          + database.schema
                          + "; run ids look like run-<32 hex digits>"));
    }

    private static void describe(PrintWriter out, String label, GoldenRecord r) {
      out.printf(
          "%s %s: %s/%s type %s seed %d, %d step(s), %s, hash %s, engine %s, recorded %s%n",
          label,
          r.runId(),
          r.namespace(),
          r.name(),
          r.workflowType(),
          r.seed(),
          r.steps().size(),
          r.success() ? "succeeded" : "failed " + r.errorCode() + " at " + r.failedStep(),
          r.workflowHash(),
          r.build(),
          r.recordedAt());
    }
  }

  /** {@code golden prune}. */
  @Command(
      name = "prune",
      description =
          "Delete golden records older than --max-age, and beyond the newest --max-count of each"
              + " workflow. With FILE, its spec.golden gives the defaults and only its workflow is"
              + " pruned.")
  static final class Prune implements Callable<Integer> {
    @Parameters(
        arity = "0..1",
        paramLabel = "FILE",
        description = "Workflow manifest whose spec.golden retention applies")
    Path file;

    @Option(
        names = "--max-age",
        converter = ShadowCommand.DurationConverter.class,
        description = "Delete records older than this, e.g. 720h")
    Duration maxAge;

    @Option(names = "--max-count", description = "Keep at most this many records per workflow")
    Integer maxCount;

    @Mixin DatabaseOptions database;

    @Mixin PluginOptions plugins;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      GoldenRetention retention = retention();
      try (DatabaseOptions.Connection connection = database.open(2)) {
        int deleted = new PostgresGoldenStore(connection.database().dataSource()).prune(retention);
        spec.commandLine().getOut().printf("pruned %d golden record(s)%n", deleted);
        spec.commandLine().getOut().flush();
        return Main.SUCCESS;
      }
    }

    /** The options, over the manifest's {@code spec.golden} when a FILE is given. */
    private GoldenRetention retention() {
      Duration age = maxAge;
      Integer count = maxCount;
      CompiledWorkflow workflow = file == null ? null : plugins.compiler().compileFile(file, null);
      GoldenSpec golden = workflow == null ? null : workflow.spec().golden;
      if (golden != null) {
        age = age == null && golden.maxAge != null ? Durations.parse(golden.maxAge) : age;
        count = count == null ? golden.maxCount : count;
      }
      try {
        return new GoldenRetention(
            age,
            count,
            workflow == null ? null : workflow.namespace(),
            workflow == null ? null : workflow.name());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "nothing to prune by: "
                + e.getMessage()
                + " (--max-age, --max-count, or spec.golden of FILE)",
            e);
      }
    }
  }
}
