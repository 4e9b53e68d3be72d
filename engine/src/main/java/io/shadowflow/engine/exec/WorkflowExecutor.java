package io.shadowflow.engine.exec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.shadowflow.api.PolicySpec;
import io.shadowflow.engine.analytics.FailureMetrics;
import io.shadowflow.engine.checkpoint.CheckpointStore;
import io.shadowflow.engine.checkpoint.RunDefinition;
import io.shadowflow.engine.checkpoint.RunState;
import io.shadowflow.engine.egress.EgressHttpClient;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.RunOwner;
import io.shadowflow.engine.plan.PlannerSandbox;
import io.shadowflow.engine.policy.PolicyEnforcer;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a workflow step by step, committing each step's result before the next begins. A run that
 * finds committed steps takes them from their checkpoints instead of executing them again, so a
 * resumed run ends with the hash of an uninterrupted one. Failed attempts are retried as the step's
 * retry rules say, the run's policy is enforced before every step, and plan steps have their plans
 * checked by the planner sandbox before any planned step runs.
 */
public final class WorkflowExecutor {
  private final CheckpointStore store;
  private final HttpClient http;
  private final Clock wallClock;
  private final Sleeper sleeper;
  private final FailureMetrics metrics;
  private final PlannerSandbox sandbox = new PlannerSandbox(new WorkflowCompiler());

  /**
   * The threads of branches and iterations, shared by every run of the process: a run of child
   * steps blocks its thread on calls and timers, so a pool grows with what runs at once (each step
   * bounds it with maxParallel) and idle threads leave after a minute.
   */
  private static final ExecutorService BRANCHES =
      Executors.newCachedThreadPool(
          work -> {
            Thread thread = new Thread(work, "shadowflow-branch");
            thread.setDaemon(true);
            return thread;
          });

  private volatile CanonicalDefinition lastDefinition;

  /** A definition and its canonical text. */
  private record CanonicalDefinition(ObjectNode definition, String text) {}

  /**
   * @param sleeper how backoffs and timers wait; {@link Sleeper#SYSTEM} outside tests
   * @param meters where the failure counter goes
   */
  public WorkflowExecutor(
      CheckpointStore store,
      HttpClient http,
      Clock wallClock,
      Sleeper sleeper,
      MeterRegistry meters) {
    this.store = store;
    this.http = http;
    this.wallClock = wallClock;
    this.sleeper = sleeper;
    this.metrics = new FailureMetrics(meters);
  }

  public WorkflowExecutor(CheckpointStore store, HttpClient http, Clock wallClock) {
    this(store, http, wallClock, Sleeper.SYSTEM, Metrics.globalRegistry);
  }

  public WorkflowExecutor(CheckpointStore store) {
    this(store, defaultHttpClient(), Clock.systemUTC());
  }

  /** The engine's client: every call passes the egress policy of the environment first. */
  public static HttpClient defaultHttpClient() {
    return EgressHttpClient.fromEnvironment();
  }

  /** Runs (or resumes) the first run of {@code workflow}. */
  public RunResult run(CompiledWorkflow workflow, ExecutionListener listener)
      throws InterruptedException {
    return run(workflow, RunOptions.DEFAULT, listener);
  }

  /**
   * Runs (or resumes) a run of {@code workflow}.
   *
   * @throws WorkflowFailure only for failures whose recovery is to resume from the checkpoint (the
   *     database is gone, the disk is full); every other failure ends the run and is in the result
   */
  public RunResult run(CompiledWorkflow workflow, RunOptions options, ExecutionListener listener)
      throws InterruptedException {
    RunDefinition definition =
        RunDefinitions.of(workflow, options, canonicalDefinition(workflow), wallClock.instant());
    String runId = definition.runId();
    RunState state = store.openRun(definition);
    RunResult result;
    try {
      result = execute(workflow, options, listener, state);
    } finally {
      store.releaseRun(runId);
    }
    listener.runFinished(result);
    return result;
  }

  /** Executes a run this process owns. */
  private RunResult execute(
      CompiledWorkflow workflow, RunOptions options, ExecutionListener listener, RunState state)
      throws InterruptedException {
    String runId = state.runId();
    listener.runStarted(workflow, runId, state.steps().size());
    var scope =
        new ExecutionContext.RunScope(
            new RunOwner(
                workflow.namespace(), workflow.name(), workflow.type(), workflow.spec().policy),
            runId,
            workflow.seed(),
            store,
            http,
            options.secrets(),
            options.containers(),
            options.signals(),
            options.children(),
            options.parking(),
            wallClock,
            sleeper,
            options.replayFrom(),
            listener);
    var failures = new FailureSink(scope, metrics, listener);
    return new RunPass(
            workflow,
            state,
            scope,
            listener,
            policy(workflow.spec().policy, workflow, options, state, scope, failures),
            workflow.cleanup().isEmpty()
                ? null
                : policy(
                    kindsOnly(workflow.spec().policy), workflow, options, state, scope, failures),
            new Checkpointer(scope, failures),
            sandbox,
            failures,
            BRANCHES)
        .execute();
  }

  private Policy policy(
      PolicySpec spec,
      CompiledWorkflow workflow,
      RunOptions options,
      RunState state,
      ExecutionContext.RunScope scope,
      FailureSink failures) {
    var enforcer = new PolicyEnforcer(spec, state.startedAt(), wallClock);
    return new Policy(
        enforcer,
        new StepAttempts(scope, enforcer, options.faults(), workflow.spec().retry, failures));
  }

  /**
   * The policy of the cleanup steps: only the kinds the run's policy allows. A run that ran out of
   * steps, budget or time must still be able to clean up; each step keeps its own timeout.
   */
  private static PolicySpec kindsOnly(PolicySpec policy) {
    PolicySpec kinds = new PolicySpec();
    if (policy != null) {
      kinds.allowedKinds = policy.allowedKinds;
      kinds.deniedKinds = policy.deniedKinds;
    }
    return kinds;
  }

  /**
   * The canonical text of the workflow's definition. Shadow runs open thousands of runs of one
   * compiled workflow (its seeded copies share the definition), so the last one is kept.
   */
  private String canonicalDefinition(CompiledWorkflow workflow) {
    CanonicalDefinition last = lastDefinition;
    if (last == null || last.definition() != workflow.definition()) {
      last =
          new CanonicalDefinition(workflow.definition(), CanonicalJson.of(workflow.definition()));
      lastDefinition = last;
    }
    return last.text();
  }
}
