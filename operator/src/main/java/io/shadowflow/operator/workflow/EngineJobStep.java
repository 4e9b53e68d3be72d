package io.shadowflow.operator.workflow;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.shadowflow.api.Workflow;
import io.shadowflow.operator.jobs.EngineSettings;
import io.shadowflow.operator.jobs.Jobs;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.operator.metrics.OperatorMetrics;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconcile step: the engine Job of the current run exists while the run is unfinished, is
 * suspended exactly when the Workflow is scaled to zero, and Jobs of other runs are gone.
 */
public final class EngineJobStep {
  private static final Logger log = LoggerFactory.getLogger(EngineJobStep.class);

  private final EngineSettings settings;
  private final OperatorMetrics metrics;

  public EngineJobStep(EngineSettings settings, OperatorMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  /**
   * Brings the Jobs in line with {@code run}; null means the Workflow wants no run (invalid spec),
   * and a run being handed over to an edited spec's run has its Job stopped.
   *
   * @return the current run's Job as it is now, or null
   */
  public Job reconcile(Workflow workflow, WorkflowRun run, Context<Workflow> context) {
    Job current = null;
    for (Job job : context.getSecondaryResources(Job.class)) {
      boolean wanted = run != null && !run.handingOver();
      if (wanted && run.runId().equals(job.getMetadata().getLabels().get(Labels.RUN_ID))) {
        current = job;
      } else {
        // A superseded run (new generation, restart): its records stay, its pod goes.
        log.info("deleting Job {} of a superseded run", job.getMetadata().getName());
        context
            .getClient()
            .resource(job)
            .withPropagationPolicy(DeletionPropagation.BACKGROUND)
            .delete();
      }
    }
    if (run == null || run.handingOver()) {
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
