package io.shadowflow.operator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.event.rate.LinearRateLimiter;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shadowflow.api.Workflow;
import io.shadowflow.console.ConsoleServer;
import io.shadowflow.console.ConsoleSettings;
import io.shadowflow.console.KubernetesAccess;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.TenantRoles;
import io.shadowflow.engine.golden.PostgresGoldenStore;
import io.shadowflow.engine.runs.ChildRequests;
import io.shadowflow.engine.runs.RunAllocator;
import io.shadowflow.engine.runs.RunEdits;
import io.shadowflow.engine.runs.RunForks;
import io.shadowflow.engine.runs.RunRetention;
import io.shadowflow.engine.runs.RunSummaries;
import io.shadowflow.engine.signal.SignalDelivery;
import io.shadowflow.engine.view.Namespaces;
import io.shadowflow.operator.containers.ContainerStepPods;
import io.shadowflow.operator.events.CheckpointEventSource;
import io.shadowflow.operator.jobs.EnginePodExits;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.operator.metrics.OperatorMetrics;
import io.shadowflow.operator.shadow.ShadowRunReconciler;
import io.shadowflow.operator.shadow.ShadowSummaries;
import io.shadowflow.operator.signal.SignalReconciler;
import io.shadowflow.operator.status.EventRecorder;
import io.shadowflow.operator.status.StatusPublisher;
import io.shadowflow.operator.tenancy.NamespaceAccess;
import io.shadowflow.operator.workflow.ChildWorkflowStep;
import io.shadowflow.operator.workflow.EngineJobStep;
import io.shadowflow.operator.workflow.GoldenPruning;
import io.shadowflow.operator.workflow.RunAllocation;
import io.shadowflow.operator.workflow.SpecValidation;
import io.shadowflow.operator.workflow.WorkflowReconciler;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: its database pool, the Java Operator SDK with both reconcilers, metrics and
 * the probe server, wired from one {@link OperatorConfig}. The main class, the tests and the
 * benchmark all start it the same way.
 */
public final class ShadowflowOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShadowflowOperator.class);

  private final Database database;
  private final Operator operator;
  private final ProbeServer probes;
  private final Optional<ConsoleServer> console;
  private final PrometheusMeterRegistry registry;

  private final CannotGoOn cannotGoOn;

  private ShadowflowOperator(
      Database database,
      Operator operator,
      ProbeServer probes,
      Optional<ConsoleServer> console,
      PrometheusMeterRegistry registry,
      CannotGoOn cannotGoOn) {
    this.cannotGoOn = cannotGoOn;
    this.database = database;
    this.operator = operator;
    this.probes = probes;
    this.console = console;
    this.registry = registry;
  }

  /**
   * Connects to PostgreSQL (migrating the schema: the operator owns it), registers the reconcilers
   * and starts.
   *
   * @param shadowResults reads ShadowRun results from the database; see {@link ShadowSummaries}
   * @param host told when the operator cannot go on
   */
  public static ShadowflowOperator start(
      OperatorConfig config,
      KubernetesClient client,
      Function<DataSource, ShadowSummaries> shadowResults,
      FatalStop host) {
    Database database = Database.connect(config.database());
    CannotGoOn cannotGoOn = new CannotGoOn(host);
    try {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmGcMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      OperatorMetrics metrics = new OperatorMetrics(registry);
      Operator operator =
          new Operator(o -> configure(o, config, client, registry, metrics, cannotGoOn));
      // Without an election this replica is the only one, and leads.
      metrics.leading(!config.leaderElection().enabled());
      Clock clock = Clock.systemUTC();
      EventRecorder events = new EventRecorder(client, config.leaderElection().identity());
      StatusPublisher publisher = new StatusPublisher(events, metrics);
      SpecValidation validation = new SpecValidation(config.engine());
      NamespaceAccess access =
          new NamespaceAccess(
              client,
              new TenantRoles(database.dataSource(), config.database().schema()),
              config.engine().databaseSecret(),
              config.database().jdbcUrl());
      operator.register(
          workflowReconciler(
              config,
              database.dataSource(),
              validation,
              events,
              publisher,
              metrics,
              clock,
              access,
              new EnginePodExits<>(
                  client,
                  Labels.ENGINE,
                  Labels.WORKFLOW,
                  "Workflow",
                  config.namespaces(),
                  metrics)),
          c -> controller(c, config));
      operator.register(
          new ShadowRunReconciler(
              validation,
              shadowResults.apply(database.dataSource()),
              config.engine(),
              publisher,
              metrics,
              config.resync(),
              clock,
              access,
              new EnginePodExits<>(
                  client,
                  Labels.SHADOW_WORKER,
                  Labels.SHADOW_RUN,
                  "ShadowRun",
                  config.namespaces(),
                  metrics),
              new ContainerStepPods(database.dataSource(), config.engine())),
          c -> controller(c, config));
      operator.register(
          new SignalReconciler(new SignalDelivery(database.dataSource()), events, clock),
          c -> controller(c, config));
      operator.start();
      ProbeServer probes =
          ProbeServer.start(config.httpPort(), operator.getRuntimeInfo(), registry);
      log.info("shadowflow operator started; probes and metrics on port {}", probes.port());
      Optional<ConsoleServer> console =
          startConsole(config.console(), client, database.dataSource());
      return new ShadowflowOperator(database, operator, probes, console, registry, cannotGoOn);
    } catch (RuntimeException e) {
      // A start that failed reports nothing more: the caller has its exception.
      cannotGoOn.stopping();
      database.close();
      throw e;
    }
  }

  /** The console, if configured: every request authorized as its caller by the cluster. */
  private static Optional<ConsoleServer> startConsole(
      OperatorConfig.Console console, KubernetesClient client, DataSource dataSource) {
    if (!console.enabled()) {
      return Optional.empty();
    }
    Namespaces namespaces = new Namespaces(dataSource);
    ConsoleServer server =
        ConsoleServer.start(
            dataSource,
            new KubernetesAccess(client, namespaces::all, console.authCache(), Clock.systemUTC()),
            ConsoleSettings.DEFAULTS,
            "0.0.0.0",
            console.port());
    log.info("console on port {}", console.port());
    return Optional.of(server);
  }

  private static void configure(
      io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider overrider,
      OperatorConfig config,
      KubernetesClient client,
      PrometheusMeterRegistry registry,
      OperatorMetrics metrics,
      CannotGoOn cannotGoOn) {
    overrider
        .withKubernetesClient(client)
        .withCloseClientOnStop(false)
        // Per-resource metrics would tag meters with resource names: unbounded cardinality.
        .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
        // Status and finalizers go through merge patches: one writer, no conflicts, and the
        // Fabric8 mock server used in tests answers them (it has no server-side apply).
        .withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false)
        .withConcurrentReconciliationThreads(config.reconcileThreads())
        .withReconciliationTerminationTimeout(config.shutdownTimeout())
        .withInformerStoppedHandler(cannotGoOn);
    OperatorConfig.LeaderElection election = config.leaderElection();
    if (election.enabled()) {
      overrider.withLeaderElectionConfiguration(
          LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(election.leaseName())
              .withLeaseNamespace(election.leaseNamespace())
              .withIdentity(election.identity())
              // The SDK would call System.exit from inside our shutdown hook, which hangs the JVM;
              // a lost Lease outside a shutdown still ends this operator, so that one leader acts.
              .withExitOnStopLeading(false)
              .withLeaderCallbacks(
                  new LeaderCallbacks(
                      () -> {
                        metrics.leading(true);
                        log.info("leading");
                      },
                      () -> {
                        metrics.leading(false);
                        cannotGoOn.lostLease();
                      },
                      leader -> {}))
              .build());
    }
  }

  /**
   * Retry and rate limiting, set on purpose: a failing resource backs off, a busy one waits; the
   * cache holds resources without their managed fields.
   */
  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> void controller(
      ControllerConfigurationOverrider<R> controller, OperatorConfig config) {
    OperatorConfig.Retry retry = config.retry();
    controller
        .withRetry(
            new GenericRetry()
                .setMaxAttempts(retry.maxAttempts())
                .setInitialInterval(retry.initialInterval())
                .setIntervalMultiplier(2)
                .setMaxInterval(retry.maxInterval().toMillis()))
        .withRateLimiter(
            new LinearRateLimiter(config.rateLimit().period(), config.rateLimit().reconciles()))
        .withItemStore(new WithoutManagedFields<>());
    if (!config.namespaces().isEmpty()) {
      controller.settingNamespaces(config.namespaces());
    }
  }

  private static WorkflowReconciler workflowReconciler(
      OperatorConfig config,
      DataSource dataSource,
      SpecValidation validation,
      EventRecorder events,
      StatusPublisher publisher,
      OperatorMetrics metrics,
      Clock clock,
      NamespaceAccess access,
      EnginePodExits<Workflow> exits) {
    RunSummaries summaries = new RunSummaries(dataSource);
    return new WorkflowReconciler(
        validation,
        new RunAllocation(
            new RunAllocator(dataSource),
            new RunForks(dataSource),
            new RunEdits(dataSource),
            summaries,
            events,
            clock),
        new EngineJobStep(config.engine(), metrics),
        publisher,
        new RunRetention(dataSource, config.keepRuns()),
        new GoldenPruning(
            new PostgresGoldenStore(dataSource), events, config.goldenPruneInterval(), clock),
        metrics,
        () -> new CheckpointEventSource<Workflow>(config.database(), summaries, metrics),
        exits,
        new ContainerStepPods(dataSource, config.engine()),
        new ChildWorkflowStep(new ChildRequests(dataSource), events),
        config.resync(),
        clock,
        access);
  }

  public int httpPort() {
    return probes.port();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Stops gracefully: running reconciles finish (up to the shutdown timeout), then all closes. */
  @Override
  public void close() {
    log.info("stopping");
    cannotGoOn.stopping();
    try {
      operator.stop();
    } finally {
      console.ifPresent(ConsoleServer::close);
      probes.close();
      database.close();
    }
  }
}
