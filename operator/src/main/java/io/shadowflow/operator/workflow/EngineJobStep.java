package io.shadowflow.operator.workflow;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.exec.Parking;
import io.shadowflow.operator.jobs.EngineSettings;
import io.shadowflow.operator.jobs.Jobs;
import io.shadowflow.operator.metrics.OperatorMetrics;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconcile step: the engine Job of the current run's wake exists while the run is unfinished and
 * not parked, is suspended exactly when the Workflow is scaled to zero, and other Jobs are gone.
 */
public final class EngineJobStep {
  private static final Logger log = LoggerFactory.getLogger(EngineJobStep.class);

  private final EngineSettings settings;
  private final OperatorMetrics metrics;

  public EngineJobStep(EngineSettings settings, OperatorMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  /** When runs park, as their engine pods are told: the rule the operator wakes them by. */
  public Parking parking() {
    return settings.parking();
  }

  /**
   * Brings the Jobs in line with {@code run}; null means the Workflow wants no run (invalid spec),
   * and a run being handed over to an edited spec's run has its Job stopped, as has a run that
   * waits parked: it gets the Job of its next wake when the wait is over.
   *
   * @param waiting whether the run is parked and its wait is not over
   * @return the current run's Job as it is now, or null
   */
  public Job reconcile(
      Workflow workflow, WorkflowRun run, boolean waiting, Context<Workflow> context) {
    boolean wantsJob = run != null && !run.handingOver() && !waiting;
    String wanted = wantsJob ? run.jobName(workflow.getMetadata().getName()) : null;
    Job current = null;
    for (Job job : context.getSecondaryResources(Job.class)) {
      if (job.getMetadata().getName().equals(wanted)) {
        current = job;
      } else {
        // A superseded run (new generation, restart) or an earlier wake: its records stay, its pod
        // goes.
        log.info(
            "deleting Job {}: not the Job of the current run's wake", job.getMetadata().getName());
        context
            .getClient()
            .resource(job)
            .withPropagationPolicy(DeletionPropagation.BACKGROUND)
            .delete();
      }
    }
    if (!wantsJob) {
      return null;
    }
    if (current == null) {
      if (run.summary().status().finished()) {
        return null;
      }
      Job created = Jobs.create(EngineJobs.desired(workflow, run, settings), context);
      metrics.jobCreated(Workflow.KIND, workflow.getMetadata().getNamespace());
      return created;
    }
    boolean suspend = EngineJobs.suspended(workflow);
    if (!Objects.equals(current.getSpec().getSuspend(), suspend) && !Jobs.finished(current)) {
      return context
          .getClient()
          .resource(current)
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":" + suspend + "}}");
    }
    return current;
  }
}
