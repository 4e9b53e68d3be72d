package io.shadowflow.engine.cli;

import io.shadowflow.engine.failure.CatalogMarkdown;
import io.shadowflow.engine.failure.FailureCode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catalog}: lists the failure catalog, or prints it as the Markdown page of the docs. */
@Command(name = "catalog", description = "List the failure catalog's codes.")
final class CatalogCommand implements Callable<Integer> {
  @Option(names = "--markdown", description = "Print the page committed as " + CatalogMarkdown.PATH)
  boolean markdown;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (markdown) {
      out.print(CatalogMarkdown.render());
    } else {
      for (FailureCode code : FailureCode.values()) {
        out.printf(
            "%-26s %-10s %-22s %s%n", code, code.category(), code.recovery(), code.summary());
      }
    }
    out.flush();
    return Main.SUCCESS;
  }
}
