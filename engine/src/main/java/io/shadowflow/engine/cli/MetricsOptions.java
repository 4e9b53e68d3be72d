package io.shadowflow.engine.cli;

import io.shadowflow.engine.metrics.PrometheusEndpoint;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/** {@code --metrics-port}: the Prometheus endpoint of the commands engine pods run. */
final class MetricsOptions {
  @Option(
      names = "--metrics-port",
      defaultValue = "${env:SHADOWFLOW_METRICS_PORT:-0}",
      description =
          "Serve Prometheus metrics on this port (/metrics) while the command runs; 0: none"
              + " (env SHADOWFLOW_METRICS_PORT). Default: ${DEFAULT-VALUE}")
  int port;

  /**
   * The endpoint, or null without a port. A port that cannot be bound is reported and the command
   * goes on without metrics: they must never stop a run.
   */
  PrometheusEndpoint start(PrintWriter err) {
    if (port == 0) {
      return null;
    }
    try {
      return PrometheusEndpoint.start(port);
    } catch (UncheckedIOException e) {
      err.println("warning: " + e.getMessage() + " (" + e.getCause().getMessage() + ")");
      err.flush();
      return null;
    }
  }
}
