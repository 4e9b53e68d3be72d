package io.shadowflow.engine.cli;

import io.shadowflow.engine.egress.EgressHttpClient;
import io.shadowflow.engine.failure.ExitReport;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.model.Problem;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code shadowflow} command line. */
@Command(
    name = "shadowflow",
    mixinStandardHelpOptions = true,
    versionProvider = EngineVersion.class,
    description = "Deterministic, durable workflows checkpointed in PostgreSQL.",
    subcommands = {
      RunCommand.class,
      ExecuteCommand.class,
      ValidateCommand.class,
      LintCommand.class,
      CanonicalizeCommand.class,
      BenchCommand.class,
      CatalogCommand.class,
      StatusCommand.class,
      FailuresCommand.class,
      ShadowCommand.class,
      GoldenCommand.class,
      StepOutputCommand.class,
      SignalCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done; the workflow succeeded",
      "1:the workflow ran and failed",
      "2:invalid input: the manifest or the options",
      "3:the run could not go on (database unreachable, out of memory); it resumes from its checkpoint",
      "4:a run did not reproduce its hash: a shadow run or golden diff found a mismatch; lint"
          + " found calls that break determinism",
      "5:another process owns the run (RUN_OWNED_ELSEWHERE): nothing was done; try later"
    })
public final class Main {
  public static final int SUCCESS = 0;
  public static final int WORKFLOW_FAILED = 1;
  public static final int INVALID_INPUT = 2;
  public static final int CANNOT_CONTINUE = 3;
  public static final int MISMATCH = 4;
  public static final int OWNED_ELSEWHERE = 5;

  private Main() {}

  public static void main(String[] args) {
    // Before any HTTP class loads: the egress client sends Host for the address it checked.
    System.setProperty(EgressHttpClient.RESTRICTED_HEADERS, "host");
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with the given streams and returns its exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return execute(new CommandLine(new Main()), out, err, args);
  }

  /** Runs {@code cli}, this command line or a test's, with the engine's error reporting. */
  static int execute(CommandLine cli, PrintWriter out, PrintWriter err, String... args) {
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(Main::exitCode);
    cli.setParameterExceptionHandler(
        (e, arguments) -> {
          PrintWriter errors = e.getCommandLine().getErr();
          errors.println(
              "error "
                  + FailureCode.INPUT_INVALID
                  + ": "
                  + e.getMessage()
                  + " ("
                  + FailureCode.INPUT_INVALID.hint()
                  + ")");
          errors.flush();
          return INVALID_INPUT;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          report(e, commandLine.getErr());
          return exitCode(e);
        });
    try {
      return cli.execute(args);
    } catch (Error e) {
      // Memory ran out, or a stack overflowed, outside every step's guard: a catalog code and exit
      // 3, not a stack trace and exit 1. The run is left as it is (RUNNING) and a restart resumes
      // it.
      FailureCode code =
          e instanceof OutOfMemoryError ? FailureCode.OUT_OF_MEMORY : FailureCode.INTERNAL_ERROR;
      report(new WorkflowFailure(code, code.withDetail(e.toString()), e), err);
      return CANNOT_CONTINUE;
    }
  }

  private static int exitCode(Throwable e) {
    if (e instanceof InvalidManifestException || e instanceof CommandLine.ParameterException) {
      return INVALID_INPUT;
    }
    if (e instanceof WorkflowFailure failure && failure.code() == FailureCode.RUN_OWNED_ELSEWHERE) {
      return OWNED_ELSEWHERE;
    }
    return CANNOT_CONTINUE;
  }

  /** Prints a failure for people: no stack trace, the catalog code, the fields and the fix. */
  private static void report(Exception e, PrintWriter err) {
    if (e instanceof InvalidManifestException invalid) {
      err.println("invalid manifest: " + invalid.problems().size() + " problem(s)");
      for (Problem problem : invalid.problems()) {
        err.println("  " + problem);
      }
    } else {
      WorkflowFailure failure =
          e instanceof WorkflowFailure known
              ? known
              : new WorkflowFailure(FailureCode.INTERNAL_ERROR, e.toString(), e);
      err.println("error " + failure.describe());
      // Nothing recorded it where the run's other failures go: in a pod, its status says it.
      new TerminationLog(System.getenv()).write(ExitReport.of(failure));
    }
    err.flush();
  }
}
