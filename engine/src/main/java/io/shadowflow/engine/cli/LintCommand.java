package io.shadowflow.engine.cli;

import io.shadowflow.engine.lint.Finding;
import io.shadowflow.engine.lint.JarLint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lint JAR}: names each call in a step plugin's bytecode that breaks determinism, with the
 * deterministic way instead. Exit 0 when clean, 4 with findings, 2 for a file that is no jar.
 */
@Command(
    name = "lint",
    description =
        "Find calls that break determinism in a step plugin's bytecode (clock, unseeded random,"
            + " threads, host, default locale, hash order, unrecorded I/O), by class, method and"
            + " line.")
final class LintCommand implements Callable<Integer> {
  @Parameters(paramLabel = "JAR", description = "The plugin jar")
  Path jar;

  @Option(
      names = "--package",
      paramLabel = "PREFIX",
      description =
          "Check only classes in this package (repeatable): the plugin's own, not libraries"
              + " shaded into its jar. Default: every class.")
  List<String> packages = List.of();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(jar)) {
      err.printf("error: JAR: %s is not a file; give the plugin's jar%n", jar);
      err.flush();
      return Main.INVALID_INPUT;
    }
    JarLint.Report report;
    try {
      report = new JarLint(packages).lint(jar);
    } catch (IOException | IllegalArgumentException e) {
      err.printf("error: JAR: %s cannot be read as a jar (%s)%n", jar, e.getMessage());
      err.flush();
      return Main.INVALID_INPUT;
    }
    for (Finding finding : report.findings()) {
      out.println(finding.describe());
    }
    long classes = report.findings().stream().map(Finding::className).distinct().count();
    if (report.findings().isEmpty()) {
      out.printf("%s: no call that breaks determinism in %d classes%n", jar, report.classes());
    } else {
      out.printf(
          "%s: %d call(s) that break determinism in %d of %d classes%n",
          jar, report.findings().size(), classes, report.classes());
    }
    out.flush();
    return report.findings().isEmpty() ? Main.SUCCESS : Main.MISMATCH;
  }
}
