package io.shadowflow.operator.containers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.Workflow;
import io.shadowflow.operator.jobs.Labels;

/**
 * What a step pod is for: a Workflow's run, or the workers of a ShadowRun.
 *
 * @param resource owns the pods, which go with it
 * @param column the {@code container_steps} column naming the owner's attempts
 * @param id the owner's id there
 * @param engineImage the image of the pods' {@code output} container
 * @param label the label naming the owner on its pods
 */
record StepPodOwner(
    HasMetadata resource, String column, String id, String engineImage, String label) {

  /** The attempts of {@code workflow}'s run {@code runId}. */
  static StepPodOwner run(Workflow workflow, String runId, String engineImage) {
    return new StepPodOwner(workflow, "run_id", runId, engineImage, Labels.WORKFLOW);
  }

  /** The attempts of the iterations {@code shadowRun}'s workers make. */
  static StepPodOwner shadowRun(ShadowRun shadowRun, String shadowRunId, String engineImage) {
    return new StepPodOwner(
        shadowRun, "shadow_run_id", shadowRunId, engineImage, Labels.SHADOW_RUN);
  }
}
