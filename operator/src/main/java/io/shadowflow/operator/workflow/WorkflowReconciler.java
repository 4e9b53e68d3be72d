package io.shadowflow.operator.workflow;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.shadowflow.api.Phase;
import io.shadowflow.api.Workflow;
import io.shadowflow.api.WorkflowStatus;
import io.shadowflow.engine.failure.ExitReport;
import io.shadowflow.engine.runs.RunRetention;
import io.shadowflow.operator.containers.ContainerStepPods;
import io.shadowflow.operator.jobs.EnginePodExits;
import io.shadowflow.operator.jobs.JobCache;
import io.shadowflow.operator.jobs.Jobs;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.operator.metrics.OperatorMetrics;
import io.shadowflow.operator.status.StatusPublisher;
import io.shadowflow.operator.tenancy.NamespaceAccess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a Workflow: validate with the engine's compiler, allocate the current run in
 * PostgreSQL, keep its engine Job in line, and publish a status summary. Every step looks at the
 * whole state, so reconciling twice changes nothing the second time.
 *
 * <p>Generation-aware filtering is off: a restart is asked for with an annotation, which does not
 * bump the generation. The reconcile that the operator's own status write triggers finds nothing to
 * change.
 */
@ControllerConfiguration(name = WorkflowReconciler.NAME, generationAwareEventProcessing = false)
public final class WorkflowReconciler implements Reconciler<Workflow>, Cleaner<Workflow> {
  public static final String NAME = "workflow";
  private static final Logger log = LoggerFactory.getLogger(WorkflowReconciler.class);
  private static final StatusPublisher.Shape<WorkflowStatus> SHAPE =
      new StatusPublisher.Shape<>(s -> s.phase, s -> s.conditions);

  /**
   * How often a run is looked at while a pod it waits for changes: the engine of a run handed over
   * to an edited spec stops, or a container step's pod runs.
   */
  private static final Duration POD_POLL = Duration.ofSeconds(2);

  private final SpecValidation validation;
  private final RunAllocation allocation;
  private final EngineJobStep jobs;
  private final StatusPublisher publisher;
  private final RunRetention retention;
  private final GoldenPruning golden;
  private final OperatorMetrics metrics;
  private final Supplier<EventSource<?, Workflow>> checkpoints;
  private final Duration resync;
  private final Clock clock;
  private final NamespaceAccess access;
  private final EnginePodExits<Workflow> exits;
  private final ContainerStepPods containerSteps;
  private final ChildWorkflowStep children;

  public WorkflowReconciler(
      SpecValidation validation,
      RunAllocation allocation,
      EngineJobStep jobs,
      StatusPublisher publisher,
      RunRetention retention,
      GoldenPruning golden,
      OperatorMetrics metrics,
      Supplier<EventSource<?, Workflow>> checkpoints,
      EnginePodExits<Workflow> exits,
      ContainerStepPods containerSteps,
      ChildWorkflowStep children,
      Duration resync,
      Clock clock,
      NamespaceAccess access) {
    this.access = access;
    this.exits = exits;
    this.containerSteps = containerSteps;
    this.children = children;
    this.validation = validation;
    this.allocation = allocation;
    this.jobs = jobs;
    this.publisher = publisher;
    this.retention = retention;
    this.golden = golden;
    this.metrics = metrics;
    this.checkpoints = checkpoints;
    this.resync = resync;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Workflow>> prepareEventSources(EventSourceContext<Workflow> context) {
    var engineJobs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, Workflow.class)
                .withLabelSelector(Labels.managed(Labels.ENGINE))
                .withNamespacesInheritedFromController()
                .withItemStore(JobCache.store(context.getClient().getKubernetesSerialization()))
                .build(),
            context);
    return List.of(
        engineJobs,
        checkpoints.get(),
        exits,
        ContainerStepPods.eventSource(Workflow.class, context));
  }

  @Override
  public UpdateControl<Workflow> reconcile(Workflow workflow, Context<Workflow> context) {
    // The namespace's database role and Secret come before its first engine Job.
    access.grant(workflow.getMetadata().getNamespace());
    Validation checked = validation.validate(workflow);
    WorkflowRun run = null;
    if (checked.valid()) {
      run = allocation.allocate(workflow, checked.workflow(), context.getClient());
    }
    Instant now = clock.instant();
    boolean waiting = run != null && run.waiting(now, jobs.parking());
    Job job = jobs.reconcile(workflow, run, waiting, context);
    boolean podsOpen = run != null && containerSteps.reconcile(workflow, run.runId(), context);
    children.reconcile(workflow, run, context.getClient());
    Optional<ExitReport> lastExit =
        job != null && Jobs.failed(job)
            ? exits.lastExit(job.getMetadata().getNamespace(), job.getMetadata().getName())
            : Optional.empty();
    WorkflowStatus desired =
        WorkflowStatusAggregator.desired(workflow, checked, run, job, lastExit, waiting, now);
    boolean moved = publisher.publish(workflow, desired, SHAPE, workflow.getSpec().type, context);
    if (moved && desired.phase == Phase.Failed && desired.error != null) {
      metrics.runFailed(
          workflow.getMetadata().getNamespace(),
          workflow.getSpec().type,
          desired.error.category,
          desired.error.code);
    }
    if (moved) {
      log.info("phase {} (run {})", desired.phase, desired.runId);
    }
    Optional<Duration> nextPrune = checked.valid() ? golden.apply(workflow) : Optional.empty();
    // The resync is the fallback for a lost checkpoint notification; a hand-over waits for a pod,
    // as does a container step (should its pod's event be missed).
    boolean handingOver = run != null && run.handingOver();
    Duration wait = handingOver || podsOpen ? POD_POLL : resync;
    Optional<Duration> next =
        handingOver || desired.phase == Phase.Pending || desired.phase == Phase.Running
            ? Optional.of(wait)
            : wakeOf(run, waiting, now);
    next = earliest(next, nextPrune);
    return next.map(after -> UpdateControl.<Workflow>noUpdate().rescheduleAfter(after))
        .orElseGet(UpdateControl::noUpdate);
  }

  /**
   * When a parked run's timer wakes it. A signal wakes it by notification (and the listener's
   * catch-up after a reconnection): a run parked on a signal alone costs no reconcile while idle.
   */
  private Optional<Duration> wakeOf(WorkflowRun run, boolean waiting, Instant now) {
    if (!waiting) {
      return Optional.empty();
    }
    return run.summary()
        .park()
        .wakeAt(jobs.parking())
        .map(wake -> Duration.between(now, wake))
        .map(left -> left.isNegative() ? Duration.ZERO : left);
  }

  private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.or(() -> b);
    }
    return Optional.of(a.get().compareTo(b.get()) <= 0 ? a.get() : b.get());
  }

  @Override
  public DeleteControl cleanup(Workflow workflow, Context<Workflow> context) {
    int deleted =
        retention.apply(workflow.getMetadata().getNamespace(), workflow.getMetadata().getName());
    log.info(
        "deleted; retention removed {} run(s); engine Jobs and child Workflows go with their owner",
        deleted);
    children.deleteAll(workflow, context.getClient());
    validation.forget(workflow.getMetadata().getUid());
    golden.forget(workflow.getMetadata().getUid());
    metrics.forget(workflow.getMetadata().getUid());
    access.releaseIfUnused(workflow);
    return DeleteControl.defaultDelete();
  }
}
