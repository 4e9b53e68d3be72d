package io.shadowflow.engine.testing;

import io.shadowflow.engine.cli.Main;
import io.shadowflow.engine.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in-process and captures what it printed. */
public final class Cli {
  private Cli() {}

  /** An exit code with what went to stdout and stderr. */
  public record Outcome(int exitCode, String out, String err) {}

  /**
   * The workflow hash {@code run MANIFEST --in-memory --output json} prints, with {@code more}
   * options (say, {@code --signal}): what an uninterrupted run of the manifest produces.
   *
   * @throws IllegalStateException when the run fails
   */
  public static String inMemoryHash(Path manifest, String... more) {
    List<String> args =
        new ArrayList<>(List.of("run", manifest.toString(), "--in-memory", "--output", "json"));
    args.addAll(List.of(more));
    Outcome run = shadowflow(args.toArray(String[]::new));
    if (run.exitCode() != 0) {
      throw new IllegalStateException("shadowflow run failed: " + run.out() + run.err());
    }
    return Json.parse(run.out()).path("workflow_hash").asText();
  }

  public static Outcome shadowflow(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Outcome(code, out.toString(), err.toString());
  }
}
