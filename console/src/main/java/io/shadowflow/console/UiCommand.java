package io.shadowflow.console;

import io.shadowflow.engine.cli.DatabaseOptions;
import io.shadowflow.engine.view.Namespaces;
import java.net.BindException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code shadowflow ui}: serves the console over the CLI's own database (the embedded one by
 * default) until stopped. On a workstation its user reads every namespace of that database: the
 * server listens on loopback unless told otherwise.
 */
@Command(
    name = "ui",
    mixinStandardHelpOptions = true,
    description = "Serve the read-only console over this database, and print its URL.")
public final class UiCommand implements Callable<Integer> {
  @Mixin DatabaseOptions database;

  @Option(
      names = "--port",
      defaultValue = "7070",
      description = "Port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only: the console has no"
              + " login of its own outside a cluster).")
  String host;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    try (DatabaseOptions.Connection connection = database.open(4)) {
      Namespaces namespaces = new Namespaces(connection.database().dataSource());
      try (ConsoleServer server = start(connection, namespaces)) {
        System.out.println("console: " + server.uri());
        System.out.println("stop it with Ctrl-C");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
        stopped.await();
      }
    }
    return 0;
  }

  private ConsoleServer start(DatabaseOptions.Connection connection, Namespaces namespaces) {
    try {
      return ConsoleServer.start(
          connection.database().dataSource(),
          (request, resource) -> namespaces.all(),
          ConsoleSettings.DEFAULTS,
          host,
          port);
    } catch (RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BindException) {
          throw new ParameterException(
              spec.commandLine(),
              "--port: " + host + ":" + port + " is taken; pick another, or 0 for any free port",
              e);
        }
      }
      throw e;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new UiCommand()).execute(args));
  }
}
