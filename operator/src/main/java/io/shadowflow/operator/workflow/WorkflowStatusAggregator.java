package io.shadowflow.operator.workflow;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.shadowflow.api.ErrorSummary;
import io.shadowflow.api.LastCheckpoint;
import io.shadowflow.api.Phase;
import io.shadowflow.api.Workflow;
import io.shadowflow.api.WorkflowStatus;
import io.shadowflow.engine.checkpoint.RunStatus;
import io.shadowflow.engine.failure.ExitReport;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.runs.RunSummary;
import io.shadowflow.operator.jobs.Jobs;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.operator.status.Conditions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Builds the status a Workflow should have from what the operator observed: the validation, the
 * run's row in PostgreSQL and the engine Job. A pure function: the same observations give the same
 * status, so an unchanged Workflow is never written again.
 */
public final class WorkflowStatusAggregator {
  public static final String READY = "Ready";
  public static final String VALID = "Valid";
  public static final String SUSPENDED = "Suspended";
  public static final String WAITING = "Waiting";

  private WorkflowStatusAggregator() {}

  /**
   * @param run null when the spec is invalid
   * @param job the current run's Job, null if there is none
   * @param lastExit why the Job's last pod stopped, if the Job failed and the pod said
   * @param waiting whether the run is parked and its wait is not over
   */
  public static WorkflowStatus desired(
      Workflow workflow,
      Validation validation,
      WorkflowRun run,
      Job job,
      Optional<ExitReport> lastExit,
      boolean waiting,
      Instant now) {
    WorkflowStatus previous =
        workflow.getStatus() == null ? new WorkflowStatus() : workflow.getStatus();
    WorkflowStatus status = new WorkflowStatus();
    String name = workflow.getMetadata().getName();
    status.observedGeneration = workflow.getMetadata().getGeneration();
    status.selector = Labels.WORKFLOW + "=" + name;
    boolean suspended = EngineJobs.suspended(workflow);
    Conditions conditions = new Conditions(previous.conditions, status.observedGeneration, now);
    conditions.set(
        SUSPENDED,
        suspended,
        suspended ? "ScaledToZero" : "Scaled",
        suspended
            ? "replicas is 0: no engine pod runs; the run resumes from its last checkpoint at 1"
            : "replicas is 1");
    if (!validation.valid()) {
      status.phase = Phase.Failed;
      status.replicas = 0;
      status.error = error(FailureCode.MANIFEST_INVALID.name(), validation.describe());
      conditions.set(VALID, false, "InvalidSpec", validation.describe());
      conditions.set(READY, false, "InvalidSpec", "the spec is invalid: " + validation.describe());
      status.conditions = conditions.build();
      return status;
    }
    if (run.refusedEdit() == null) {
      conditions.set(VALID, true, "SpecValid", "the engine compiled the spec");
    } else {
      conditions.set(
          VALID,
          false,
          "EditRejected",
          run.refusedEdit().field()
              + ": "
              + run.refusedEdit().reason()
              + "; run "
              + run.runId()
              + " goes on under the spec it started with");
    }
    RunSummary summary = run.summary();
    status.runId = run.runId();
    status.progress = summary.progress();
    if (summary.completedSteps() > 0) {
      status.lastCheckpoint =
          new LastCheckpoint(
              summary.completedSteps() - 1,
              summary.lastStepName(),
              summary.lastCheckpointAt() == null
                  ? null
                  : summary.lastCheckpointAt().truncatedTo(ChronoUnit.SECONDS).toString());
    }
    String jobName = run.jobName(name);
    String parked =
        waiting
            ? "run "
                + run.runId()
                + " is parked, waiting for "
                + summary.park().describe()
                + "; no engine pod runs until then"
            : "an engine holds the run when it is not finished";
    conditions.set(WAITING, waiting, waiting ? "Parked" : "NotParked", parked);
    if (summary.status() == RunStatus.SUCCEEDED) {
      finished(status, summary);
      status.phase = Phase.Succeeded;
      conditions.set(
          READY,
          true,
          "Succeeded",
          "run " + run.runId() + " succeeded with hash " + summary.workflowHash());
    } else if (summary.status() == RunStatus.FAILED) {
      finished(status, summary);
      status.phase = Phase.Failed;
      status.error = error(summary.errorCode(), summary.errorMessage());
      conditions.set(
          READY,
          false,
          "RunFailed",
          "run " + run.runId() + " failed at " + summary.failedStep() + ": " + summary.errorCode());
    } else if (Jobs.failed(job)) {
      status.phase = Phase.Failed;
      String why =
          Jobs.condition(job, "Failed").map(c -> c.getReason() + ": " + c.getMessage()).orElse("");
      status.error =
          error(
              lastExit.map(e -> e.code()).orElse(FailureCode.INTERNAL_ERROR).name(),
              "engine Job "
                  + jobName
                  + " failed ("
                  + why
                  + ")"
                  + lastExit.map(e -> "; its last pod: " + e.message()).orElse("")
                  + "; the checkpoints stay: delete the Job to resume");
      conditions.set(READY, false, "JobFailed", status.error.message);
    } else if (waiting) {
      status.phase = Phase.Waiting;
      conditions.set(READY, false, "Waiting", parked);
    } else if (suspended) {
      status.phase = Phase.Suspended;
      conditions.set(READY, false, "Suspended", "engine Job " + jobName + " is suspended");
    } else if (job != null && (Jobs.active(job) > 0 || summary.completedSteps() > 0)) {
      status.phase = Phase.Running;
      conditions.set(
          READY, true, "Running", "engine Job " + jobName + " is executing run " + run.runId());
    } else {
      status.phase = Phase.Pending;
      conditions.set(READY, false, "Pending", "waiting for engine Job " + jobName + " to start");
    }
    status.replicas = job != null && !suspended && !status.phase.finished() ? 1 : 0;
    status.conditions = conditions.build();
    return status;
  }

  private static void finished(WorkflowStatus status, RunSummary summary) {
    status.workflowHash = summary.workflowHash();
    status.shortHash =
        summary.workflowHash() == null ? null : summary.workflowHash().substring(0, 12);
  }

  /** The error in the catalog's terms; a code the catalog does not know keeps its name only. */
  static ErrorSummary error(String code, String message) {
    return FailureCode.lookup(code == null ? "" : code)
        .map(f -> new ErrorSummary(code, f.category().name(), message, f.recovery().name()))
        .orElse(new ErrorSummary(code, null, message, null));
  }
}
