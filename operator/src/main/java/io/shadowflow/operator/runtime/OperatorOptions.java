package io.shadowflow.operator.runtime;

import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.runs.RunRetention;
import io.shadowflow.operator.jobs.EngineEgress;
import io.shadowflow.operator.jobs.EngineSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The operator's flags; each has an environment variable, as a Deployment sets them. */
public final class OperatorOptions {
  @Option(
      names = "--namespaces",
      split = ",",
      defaultValue = "${env:SHADOWFLOW_WATCH_NAMESPACES}",
      description =
          "Namespaces to watch, comma-separated; empty: all (env SHADOWFLOW_WATCH_NAMESPACES)")
  List<String> namespaces;

  @Option(
      names = "--jdbc-url",
      required = true,
      defaultValue = "${env:SHADOWFLOW_JDBC_URL}",
      description = "PostgreSQL of the runs (env SHADOWFLOW_JDBC_URL)")
  String jdbcUrl;

  @Option(
      names = "--db-user",
      defaultValue = "${env:SHADOWFLOW_DB_USER}",
      description = "(env SHADOWFLOW_DB_USER)")
  String dbUser;

  @Option(
      names = "--db-password",
      defaultValue = "${env:SHADOWFLOW_DB_PASSWORD}",
      description = "(env SHADOWFLOW_DB_PASSWORD)")
  String dbPassword;

  @Option(
      names = "--db-schema",
      defaultValue = "${env:SHADOWFLOW_DB_SCHEMA:-" + DatabaseConfig.DEFAULT_SCHEMA + "}",
      description =
          "Schema of the engine's tables (env SHADOWFLOW_DB_SCHEMA). Default: ${DEFAULT-VALUE}")
  String dbSchema;

  @Option(
      names = "--db-pool-size",
      defaultValue = "${env:SHADOWFLOW_DB_POOL_SIZE:-10}",
      description =
          "Connections of the operator's pool (env SHADOWFLOW_DB_POOL_SIZE). Default: ${DEFAULT-VALUE}")
  int dbPoolSize;

  @Option(
      names = "--engine-image",
      defaultValue = "${env:SHADOWFLOW_ENGINE_IMAGE:-shadowflow/engine:0.1.0}",
      description = "Image of engine pods (env SHADOWFLOW_ENGINE_IMAGE). Default: ${DEFAULT-VALUE}")
  String engineImage;

  @Option(
      names = "--engine-image-pull-policy",
      defaultValue = "${env:SHADOWFLOW_ENGINE_IMAGE_PULL_POLICY:-IfNotPresent}",
      description = "(env SHADOWFLOW_ENGINE_IMAGE_PULL_POLICY). Default: ${DEFAULT-VALUE}")
  String enginePullPolicy;

  @Option(
      names = "--database-secret",
      defaultValue = "${env:SHADOWFLOW_DATABASE_SECRET:-shadowflow-database}",
      description =
          "Secret in each watched namespace with keys jdbc-url, username, password for engine pods"
              + " (env SHADOWFLOW_DATABASE_SECRET). Default: ${DEFAULT-VALUE}")
  String databaseSecret;

  @Option(
      names = "--engine-service-account",
      defaultValue = "${env:SHADOWFLOW_ENGINE_SERVICE_ACCOUNT}",
      description = "Service account of engine pods (env SHADOWFLOW_ENGINE_SERVICE_ACCOUNT)")
  String engineServiceAccount;

  @Option(
      names = "--engine-cpu-request",
      defaultValue = "${env:SHADOWFLOW_ENGINE_CPU_REQUEST:-250m}",
      description = "(env SHADOWFLOW_ENGINE_CPU_REQUEST). Default: ${DEFAULT-VALUE}")
  String engineCpuRequest;

  @Option(
      names = "--engine-memory-request",
      defaultValue = "${env:SHADOWFLOW_ENGINE_MEMORY_REQUEST:-256Mi}",
      description = "(env SHADOWFLOW_ENGINE_MEMORY_REQUEST). Default: ${DEFAULT-VALUE}")
  String engineMemoryRequest;

  @Option(
      names = "--engine-memory-limit",
      defaultValue = "${env:SHADOWFLOW_ENGINE_MEMORY_LIMIT:-512Mi}",
      description = "(env SHADOWFLOW_ENGINE_MEMORY_LIMIT). Default: ${DEFAULT-VALUE}")
  String engineMemoryLimit;

  @Option(
      names = "--engine-backoff-limit",
      defaultValue = "${env:SHADOWFLOW_ENGINE_BACKOFF_LIMIT:-6}",
      description =
          "Engine pod retries when it cannot go on (env SHADOWFLOW_ENGINE_BACKOFF_LIMIT). Default: ${DEFAULT-VALUE}")
  int engineBackoffLimit;

  @Option(
      names = "--engine-metrics-port",
      defaultValue = "${env:SHADOWFLOW_ENGINE_METRICS_PORT:-0}",
      description =
          "Port of the Prometheus endpoint of Workflow engine pods (checkpoint commit latency);"
              + " 0: none (env SHADOWFLOW_ENGINE_METRICS_PORT). Default: ${DEFAULT-VALUE}")
  int engineMetricsPort;

  @Option(
      names = "--cluster-cidrs",
      defaultValue = "${env:SHADOWFLOW_CLUSTER_CIDRS}",
      split = ",",
      description =
          "The cluster's pod and service CIDR ranges, denied to engine pods unless allowlisted"
              + " (env SHADOWFLOW_CLUSTER_CIDRS)")
  List<String> clusterCidrs;

  @Option(
      names = "--engine-egress-allow",
      defaultValue = "${env:SHADOWFLOW_ENGINE_EGRESS_ALLOW}",
      split = ",",
      description =
          "CIDR ranges engine pods may call although loopback or a cluster range holds them"
              + " (env SHADOWFLOW_ENGINE_EGRESS_ALLOW)")
  List<String> egressAllow;

  @Option(
      names = "--engine-allowed-images",
      defaultValue = "${env:SHADOWFLOW_ENGINE_ALLOWED_IMAGES}",
      split = ",",
      description =
          "Prefixes of the engine images a Workflow may name in spec.engineImage, e.g. one with"
              + " Java step plugins (env SHADOWFLOW_ENGINE_ALLOWED_IMAGES). Default: none")
  List<String> allowedImages;

  @Option(
      names = "--engine-namespace-images",
      defaultValue = "${env:SHADOWFLOW_ENGINE_NAMESPACE_IMAGES}",
      split = ",",
      paramLabel = "NAMESPACE=IMAGE",
      description =
          "The engine image of each namespace that has one of its own, e.g. with its team's Java"
              + " step plugins (env SHADOWFLOW_ENGINE_NAMESPACE_IMAGES). Default: none")
  Map<String, String> namespaceImages;

  @Option(
      names = "--engine-park-after",
      defaultValue = "${env:SHADOWFLOW_ENGINE_PARK_AFTER:-30s}",
      converter = DurationConverter.class,
      description =
          "The longest a Workflow's engine pod waits in place for a signal or a timer; a longer"
              + " wait parks the run: the pod exits and the operator starts another when the wait"
              + " is over (env SHADOWFLOW_ENGINE_PARK_AFTER). Default: ${DEFAULT-VALUE}")
  Duration engineParkAfter;

  @Option(
      names = "--resync",
      defaultValue = "${env:SHADOWFLOW_RESYNC:-60s}",
      converter = DurationConverter.class,
      description =
          "Reconcile unfinished resources this often even without a notification (env SHADOWFLOW_RESYNC). Default: ${DEFAULT-VALUE}")
  Duration resync;

  @Option(
      names = "--retain-runs",
      defaultValue = "${env:SHADOWFLOW_RETAIN_RUNS:-all}",
      description =
          "Runs of a deleted Workflow to keep: all, none or a count of the newest (env SHADOWFLOW_RETAIN_RUNS). Default: ${DEFAULT-VALUE}")
  String retainRuns;

  @Option(
      names = "--golden-prune-interval",
      defaultValue = "${env:SHADOWFLOW_GOLDEN_PRUNE_INTERVAL:-10m}",
      converter = DurationConverter.class,
      description =
          "Apply each Workflow's spec.golden.maxAge and maxCount this often (env SHADOWFLOW_GOLDEN_PRUNE_INTERVAL). Default: ${DEFAULT-VALUE}")
  Duration goldenPruneInterval;

  @Option(
      names = "--reconcile-threads",
      defaultValue = "${env:SHADOWFLOW_RECONCILE_THREADS:-10}",
      description = "(env SHADOWFLOW_RECONCILE_THREADS). Default: ${DEFAULT-VALUE}")
  int reconcileThreads;

  @Option(
      names = "--retry-max-attempts",
      defaultValue = "${env:SHADOWFLOW_RETRY_MAX_ATTEMPTS:-8}",
      description = "(env SHADOWFLOW_RETRY_MAX_ATTEMPTS). Default: ${DEFAULT-VALUE}")
  int retryMaxAttempts;

  @Option(
      names = "--retry-initial-interval",
      defaultValue = "${env:SHADOWFLOW_RETRY_INITIAL_INTERVAL:-2s}",
      converter = DurationConverter.class,
      description = "(env SHADOWFLOW_RETRY_INITIAL_INTERVAL). Default: ${DEFAULT-VALUE}")
  Duration retryInitialInterval;

  @Option(
      names = "--retry-max-interval",
      defaultValue = "${env:SHADOWFLOW_RETRY_MAX_INTERVAL:-2m}",
      converter = DurationConverter.class,
      description = "(env SHADOWFLOW_RETRY_MAX_INTERVAL). Default: ${DEFAULT-VALUE}")
  Duration retryMaxInterval;

  @Option(
      names = "--rate-limit",
      defaultValue = "${env:SHADOWFLOW_RATE_LIMIT:-10}",
      description =
          "Most reconciles of one resource per rate period (env SHADOWFLOW_RATE_LIMIT). Default: ${DEFAULT-VALUE}")
  int rateLimit;

  @Option(
      names = "--rate-period",
      defaultValue = "${env:SHADOWFLOW_RATE_PERIOD:-1s}",
      converter = DurationConverter.class,
      description = "(env SHADOWFLOW_RATE_PERIOD). Default: ${DEFAULT-VALUE}")
  Duration ratePeriod;

  @Option(
      names = "--http-port",
      defaultValue = "${env:SHADOWFLOW_HTTP_PORT:-8080}",
      description =
          "Port of /healthz, /readyz and /metrics (env SHADOWFLOW_HTTP_PORT). Default: ${DEFAULT-VALUE}")
  int httpPort;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "${env:SHADOWFLOW_LEADER_ELECTION:-false}",
      fallbackValue = "true",
      description =
          "Elect a leader on a Lease; needed with more than one replica (env SHADOWFLOW_LEADER_ELECTION). Default: ${DEFAULT-VALUE}")
  boolean leaderElection;

  @Option(
      names = "--lease-name",
      defaultValue = "${env:SHADOWFLOW_LEASE_NAME:-shadowflow-operator}",
      description = "(env SHADOWFLOW_LEASE_NAME). Default: ${DEFAULT-VALUE}")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:POD_NAMESPACE}",
      description = "Namespace of the Lease; default: the pod's (env POD_NAMESPACE)")
  String leaseNamespace;

  @Option(
      names = "--identity",
      defaultValue = "${env:POD_NAME}",
      description =
          "This replica's name in the Lease and in Events; default: the host name (env POD_NAME)")
  String identity;

  @Option(
      names = "--shutdown-timeout",
      defaultValue = "${env:SHADOWFLOW_SHUTDOWN_TIMEOUT:-20s}",
      converter = DurationConverter.class,
      description =
          "How long running reconciles may finish on shutdown (env SHADOWFLOW_SHUTDOWN_TIMEOUT). Default: ${DEFAULT-VALUE}")
  Duration shutdownTimeout;

  @Option(
      names = "--console-port",
      defaultValue = "${env:SHADOWFLOW_CONSOLE_PORT:-0}",
      description =
          "Serve the read-only console on this port, every caller authorized by their Kubernetes"
              + " token; 0: no console (env SHADOWFLOW_CONSOLE_PORT). Default: ${DEFAULT-VALUE}")
  int consolePort;

  @Option(
      names = "--console-auth-cache",
      defaultValue = "${env:SHADOWFLOW_CONSOLE_AUTH_CACHE:-10s}",
      converter = DurationConverter.class,
      description =
          "How long the console trusts a token's review and rights; a revoked right is gone"
              + " after it (env SHADOWFLOW_CONSOLE_AUTH_CACHE). Default: ${DEFAULT-VALUE}")
  Duration consoleAuthCache;

  /** The configuration these options describe. */
  public OperatorConfig toConfig() {
    return new OperatorConfig(
        namespaces == null ? java.util.Set.of() : new LinkedHashSet<>(namespaces),
        new DatabaseConfig(jdbcUrl, dbUser, dbPassword, dbSchema, dbPoolSize),
        new EngineSettings(
            engineImage,
            enginePullPolicy,
            databaseSecret,
            dbSchema,
            engineServiceAccount,
            engineCpuRequest,
            engineMemoryRequest,
            engineMemoryLimit,
            engineBackoffLimit,
            engineMetricsPort,
            new EngineEgress(list(clusterCidrs), list(egressAllow)),
            list(allowedImages),
            namespaceImages == null ? Map.of() : namespaceImages,
            engineParkAfter),
        resync,
        RunRetention.parse(retainRuns),
        goldenPruneInterval,
        reconcileThreads,
        new OperatorConfig.Retry(retryMaxAttempts, retryInitialInterval, retryMaxInterval),
        new OperatorConfig.RateLimit(rateLimit, ratePeriod),
        httpPort,
        new OperatorConfig.LeaderElection(leaderElection, leaseName, leaseNamespace, identity()),
        shutdownTimeout,
        new OperatorConfig.Console(consolePort, consoleAuthCache));
  }

  private static List<String> list(List<String> values) {
    return values == null ? List.of() : values;
  }

  private String identity() {
    if (identity != null && !identity.isBlank()) {
      return identity;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "shadowflow-operator";
    }
  }
}
