package io.shadowflow.operator.shadow;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.shadowflow.api.Phase;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.ShadowRunStatus;
import io.shadowflow.api.Workflow;
import io.shadowflow.operator.containers.ContainerStepPods;
import io.shadowflow.operator.jobs.EnginePodExits;
import io.shadowflow.operator.jobs.EngineSettings;
import io.shadowflow.operator.jobs.Jobs;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.operator.jobs.SecretVolumes;
import io.shadowflow.operator.metrics.OperatorMetrics;
import io.shadowflow.operator.shadow.ShadowRunStatusAggregator.Problem;
import io.shadowflow.operator.status.StatusPublisher;
import io.shadowflow.operator.tenancy.NamespaceAccess;
import io.shadowflow.operator.workflow.SpecValidation;
import io.shadowflow.operator.workflow.Validation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles a ShadowRun: one Indexed worker Job per cycle, replaying the referenced Workflow's
 * manifest over the seeds in {@code workers} shards; {@code workers: 0} suspends the Job; a
 * continuous run starts the next cycle after its interval until its duration is spent.
 */
@ControllerConfiguration(name = ShadowRunReconciler.NAME)
public final class ShadowRunReconciler implements Reconciler<ShadowRun>, Cleaner<ShadowRun> {
  public static final String NAME = "shadowrun";
  private static final String WORKFLOW_INDEX = "workflowRef";
  private static final StatusPublisher.Shape<ShadowRunStatus> SHAPE =
      new StatusPublisher.Shape<>(s -> s.phase, s -> s.conditions);

  /** How often a running ShadowRun whose Workflow has container steps looks for their pods. */
  private static final Duration POD_POLL = Duration.ofSeconds(1);

  private final SpecValidation validation;
  private final ShadowSummaries summaries;
  private final EngineSettings settings;
  private final StatusPublisher publisher;
  private final OperatorMetrics metrics;
  private final Duration resync;
  private final Clock clock;
  private final EnginePodExits<ShadowRun> exits;
  private final NamespaceAccess access;
  private final ContainerStepPods containerSteps;

  public ShadowRunReconciler(
      SpecValidation validation,
      ShadowSummaries summaries,
      EngineSettings settings,
      StatusPublisher publisher,
      OperatorMetrics metrics,
      Duration resync,
      Clock clock,
      NamespaceAccess access,
      EnginePodExits<ShadowRun> exits,
      ContainerStepPods containerSteps) {
    this.access = access;
    this.containerSteps = containerSteps;
    this.exits = exits;
    this.validation = validation;
    this.summaries = summaries;
    this.settings = settings;
    this.publisher = publisher;
    this.metrics = metrics;
    this.resync = resync;
    this.clock = clock;
  }

  /**
   * Worker Jobs, their pods' exits, and the Workflows ShadowRuns refer to: a Workflow that appears
   * or changes reconciles the ShadowRuns that name it at once. The Workflow informer keeps only
   * each one's identity: the Workflow controller caches every Workflow already, ShadowRuns are few,
   * and a reconcile reads the one Workflow it replays from the API server.
   */
  @Override
  public List<EventSource<?, ShadowRun>> prepareEventSources(
      EventSourceContext<ShadowRun> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            WORKFLOW_INDEX,
            run -> List.of(workflowKey(run.getMetadata().getNamespace(), workflowName(run))));
    return List.of(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, ShadowRun.class)
                .withLabelSelector(Labels.managed(Labels.SHADOW_WORKER))
                .withNamespacesInheritedFromController()
                .build(),
            context),
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Workflow.class, ShadowRun.class)
                .withNamespacesInheritedFromController()
                .withItemStore(
                    new ReducedStateItemStore<>(
                        ReducedStateItemStore.NAME_KEY_STATE,
                        Workflow.class,
                        context.getClient().getKubernetesSerialization(),
                        "metadata.uid",
                        "metadata.generation"))
                .withPrimaryToSecondaryMapper(
                    (ShadowRun run) ->
                        Set.of(new ResourceID(workflowName(run), run.getMetadata().getNamespace())))
                .withSecondaryToPrimaryMapper(
                    workflow ->
                        context
                            .getPrimaryCache()
                            .byIndex(
                                WORKFLOW_INDEX,
                                workflowKey(
                                    workflow.getMetadata().getNamespace(),
                                    workflow.getMetadata().getName()))
                            .stream()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            context),
        exits,
        ContainerStepPods.eventSource(ShadowRun.class, context));
  }

  private static String workflowName(ShadowRun run) {
    return run.getSpec().workflowRef.name;
  }

  private static String workflowKey(String namespace, String name) {
    return namespace + "/" + name;
  }

  @Override
  public UpdateControl<ShadowRun> reconcile(ShadowRun run, Context<ShadowRun> context) {
    Instant now = clock.instant();
    Instant startedAt = startedAt(run, now);
    String namespace = run.getMetadata().getNamespace();
    access.grant(namespace);
    ShadowSummary summary = summaries.find(namespace, run.getMetadata().getName()).orElse(null);
    if (summary != null) {
      metrics.shadowResults(
          run.getMetadata().getUid(), namespace, summary.replayed(), summary.mismatches());
    }
    Workflow workflow =
        context
            .getSecondaryResource(Workflow.class)
            .map(identity -> context.getClient().resource(identity).get())
            .orElse(null);
    Problem problem = problem(run, workflow);
    CyclePlan plan = null;
    if (problem == null) {
      plan =
          act(
              run,
              workflow,
              CyclePlan.plan(run, jobs(context), startedAt, now),
              startedAt,
              now,
              context);
    }
    // The workers' iterations ask for pods through the database alone: look for them often.
    boolean podsWanted =
        plan != null
            && (containerSteps.reconcile(
                    run,
                    ShadowJobs.shadowRunId(namespace, run.getMetadata().getName()),
                    workflow,
                    context)
                || ContainerStepPods.uses(workflow));
    ShadowRunStatus desired =
        ShadowRunStatusAggregator.desired(run, problem, plan, summary, startedAt, now);
    publisher.publish(
        run, desired, SHAPE, workflow == null ? null : workflow.getSpec().type, context);
    if (plan != null && plan.action() == CyclePlan.Action.WAIT) {
      return UpdateControl.<ShadowRun>noUpdate()
          .rescheduleAfter(Duration.between(now, plan.dueAt()));
    }
    // Results arrive in PostgreSQL, not through the API: poll them while the run goes on.
    return desired.phase == Phase.Running || desired.phase == Phase.Pending
        ? UpdateControl.<ShadowRun>noUpdate()
            .rescheduleAfter(podsWanted && POD_POLL.compareTo(resync) < 0 ? POD_POLL : resync)
        : UpdateControl.noUpdate();
  }

  /**
   * The ShadowRun is gone: its results and phase stop counting in the gauges at once (the P0
   * mismatch alert must not fire for a deleted run), and its stored results are deleted. Its worker
   * Jobs go with their owner.
   */
  @Override
  public DeleteControl cleanup(ShadowRun run, Context<ShadowRun> context) {
    metrics.forget(run.getMetadata().getUid());
    summaries.delete(run.getMetadata().getNamespace(), run.getMetadata().getName());
    access.releaseIfUnused(run);
    return DeleteControl.defaultDelete();
  }

  private Problem problem(ShadowRun run, Workflow workflow) {
    if (workflow == null) {
      return new Problem(
          Phase.Pending,
          "WorkflowNotFound",
          "Workflow " + run.getSpec().workflowRef.name + " does not exist");
    }
    Validation checked = validation.validate(workflow);
    return checked.valid()
        ? null
        : new Problem(
            Phase.Failed,
            "WorkflowInvalid",
            "Workflow " + workflow.getMetadata().getName() + " is invalid: " + checked.describe());
  }

  /** Carries out the plan; returns the plan of the state it leaves behind. */
  private CyclePlan act(
      ShadowRun run,
      Workflow workflow,
      CyclePlan plan,
      Instant startedAt,
      Instant now,
      Context<ShadowRun> context) {
    KubernetesClient client = context.getClient();
    switch (plan.action()) {
      case START, RESHARD -> {
        for (Job old : jobs(context)) {
          client.resource(old).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        }
        manifest(run, workflow, client);
        Job created =
            Jobs.create(
                SecretVolumes.mount(
                    ShadowJobs.desired(run, plan.cycle(), settings.forWorkflow(workflow)),
                    workflow.getSpec()),
                context);
        metrics.jobCreated(ShadowRun.KIND, run.getMetadata().getNamespace());
        return CyclePlan.plan(run, List.of(created), startedAt, now);
      }
      case KEEP -> {
        boolean suspend = ShadowJobs.workers(run.getSpec()) == 0;
        if (!Objects.equals(plan.current().getSpec().getSuspend(), suspend)) {
          client
              .resource(plan.current())
              .patch(
                  PatchContext.of(PatchType.JSON_MERGE),
                  "{\"spec\":{\"suspend\":" + suspend + "}}");
        }
        return plan;
      }
      default -> {
        return plan;
      }
    }
  }

  /** Writes the Workflow's manifest where the workers read it, if it changed. */
  private static void manifest(ShadowRun run, Workflow workflow, KubernetesClient client) {
    var manifest = client.getKubernetesSerialization().asJson(manifestOf(workflow));
    ConfigMap desired = ShadowJobs.configMap(run, manifest);
    ConfigMap current = client.resource(desired).get();
    if (current == null) {
      client.resource(desired).create();
    } else if (!desired.getData().equals(current.getData())) {
      client
          .resource(current)
          .edit(
              c -> {
                c.setData(desired.getData());
                return c;
              });
    }
  }

  private static Workflow manifestOf(Workflow workflow) {
    Workflow manifest = new Workflow();
    manifest.getMetadata().setName(workflow.getMetadata().getName());
    manifest.getMetadata().setNamespace(workflow.getMetadata().getNamespace());
    manifest.setSpec(workflow.getSpec());
    return manifest;
  }

  private static Set<Job> jobs(Context<ShadowRun> context) {
    return context.getSecondaryResources(Job.class);
  }

  private static Instant startedAt(ShadowRun run, Instant now) {
    var status = run.getStatus();
    return status == null || status.timings == null || status.timings.startedAt == null
        ? now
        : Instant.parse(status.timings.startedAt);
  }
}
