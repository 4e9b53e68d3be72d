package io.shadowflow.operator.workflow;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import io.shadowflow.api.PolicySpec;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.model.Durations;
import io.shadowflow.operator.jobs.EnginePods;
import io.shadowflow.operator.jobs.EngineSettings;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.operator.jobs.SecretVolumes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Pure functions that build the engine Job of a Workflow's run. */
public final class EngineJobs {
  /** Time an engine Job may take beyond its run's policy timeout: pod start, resume, shutdown. */
  static final Duration DEADLINE_SLACK = Duration.ofMinutes(10);

  /** Time an engine Job may take when its run has no policy timeout. */
  static final Duration DEADLINE_WITHOUT_TIMEOUT = Duration.ofHours(24);

  private EngineJobs() {}

  /**
   * One Job per run and wake: a new run (a spec change, a restart) gets a Job of its own, and so
   * does each wake of a parked run. Named after both, a resumed operator never creates two.
   */
  public static String name(String workflowName, String runId, int wakes) {
    String run = runId.substring("run-".length(), "run-".length() + 10);
    return Labels.jobName(workflowName, wakes == 0 ? run : run + "-w" + wakes);
  }

  /** Whether the Workflow asks for its engine pod to be stopped (scaled to zero). */
  public static boolean suspended(Workflow workflow) {
    Integer replicas = workflow.getSpec().replicas;
    return replicas != null && replicas == 0;
  }

  public static Map<String, String> labels(String workflowName, String runId) {
    Map<String, String> labels = Labels.of(Labels.ENGINE);
    labels.put(Labels.WORKFLOW, workflowName);
    labels.put(Labels.RUN_ID, runId);
    return labels;
  }

  /**
   * How long Kubernetes lets the Job run before it stops it: the run's policy timeout and some
   * slack, or a day. The engine enforces its own limits; this one holds when the engine hangs.
   */
  static long activeDeadlineSeconds(Workflow workflow) {
    PolicySpec policy = workflow.getSpec().policy;
    if (policy == null || policy.timeout == null) {
      return DEADLINE_WITHOUT_TIMEOUT.toSeconds();
    }
    return Durations.parse(policy.timeout).plus(DEADLINE_SLACK).toSeconds();
  }

  /** The engine Job that executes {@code run}: its pod runs {@code shadowflow execute}. */
  public static Job desired(Workflow workflow, WorkflowRun run, EngineSettings settings) {
    String name = workflow.getMetadata().getName();
    Map<String, String> labels = labels(name, run.runId());
    List<String> args = new ArrayList<>(List.of("execute", "--run-id", run.runId()));
    if (!run.lineage().isEmpty()) {
      args.addAll(List.of("--lineage", run.lineage()));
    }
    args.addAll(List.of("--db-schema", settings.databaseSchema()));
    // The engine never talks to Kubernetes: it asks the operator for its container steps' pods.
    args.addAll(List.of("--container-steps", "pods"));
    // A long wait ends the pod: the run parks, and the operator starts the next Job when it is
    // over.
    args.addAll(List.of("--park-after", settings.parkAfter().toMillis() + "ms"));
    List<ContainerPort> ports = new ArrayList<>();
    if (settings.metricsPort() > 0) {
      args.addAll(List.of("--metrics-port", String.valueOf(settings.metricsPort())));
      ports.add(
          new ContainerPortBuilder()
              .withName(EnginePods.METRICS_PORT)
              .withContainerPort(settings.metricsPort())
              .build());
    }
    Job job =
        EnginePods.job(
            workflow,
            run.jobName(name),
            labels,
            new JobSpecBuilder()
                .withSuspend(suspended(workflow))
                .withBackoffLimit(settings.backoffLimit())
                // Exit 1 (the workflow failed) and 2 (invalid input) are final: the outcome is in
                // PostgreSQL. Exit 3 (cannot go on) is retried: the next pod resumes from the
                // checkpoint.
                .withNewPodFailurePolicy()
                .withRules(
                    new PodFailurePolicyRuleBuilder()
                        .withAction("FailJob")
                        .withNewOnExitCodes()
                        .withContainerName(EnginePods.CONTAINER)
                        .withOperator("In")
                        .withValues(1, 2)
                        .endOnExitCodes()
                        .build())
                .endPodFailurePolicy()
                .withActiveDeadlineSeconds(activeDeadlineSeconds(workflow))
                .withTemplate(
                    EnginePods.template(
                        labels, args, List.of(), ports, settings.forWorkflow(workflow)))
                .build());
    return SecretVolumes.mount(job, workflow.getSpec());
  }
}
