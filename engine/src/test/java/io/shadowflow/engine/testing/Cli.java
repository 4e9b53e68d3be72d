package io.shadowflow.engine.testing;

import io.shadowflow.engine.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures what it printed. */
public final class Cli {
  private Cli() {}

  /** An exit code with what went to stdout and stderr. */
  public record Outcome(int exitCode, String out, String err) {}

  public static Outcome shadowflow(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Outcome(code, out.toString(), err.toString());
  }
}
