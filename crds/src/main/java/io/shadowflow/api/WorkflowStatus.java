package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

/**
 * A summary of the Workflow's current run. The step-by-step history stays in PostgreSQL: a
 * Kubernetes object is capped near 1 MiB.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowStatus {
  @JsonPropertyDescription("Pending, Running, Suspended, Succeeded or Failed.")
  public Phase phase;

  @JsonPropertyDescription("Id of the current run; its checkpoints are in PostgreSQL under it.")
  public String runId;

  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Committed steps out of all steps, e.g. 3/5.")
  public String progress;

  @JsonPropertyDescription("The most recent checkpoint of the run.")
  public LastCheckpoint lastCheckpoint;

  @JsonPropertyDescription("SHA-256 workflow hash of the finished run.")
  public String workflowHash;

  @JsonPropertyDescription("First 12 hex digits of the workflow hash, for kubectl get.")
  public String shortHash;

  @JsonPropertyDescription("Why the run failed or cannot run; absent otherwise.")
  public ErrorSummary error;

  @JsonPropertyDescription("Engine pods running: 1, or 0 when suspended or finished.")
  @StatusReplicas
  public Integer replicas;

  @JsonPropertyDescription("Label selector of the engine pods (the scale subresource).")
  @LabelSelector
  public String selector;

  @JsonPropertyDescription("Ready, Valid and Suspended, in the Kubernetes style.")
  public List<Condition> conditions = new ArrayList<>();
}
