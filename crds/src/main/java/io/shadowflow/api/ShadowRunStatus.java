package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

/** A summary of a ShadowRun: cycles, replays, mismatches; the results stay in PostgreSQL. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ShadowRunStatus {
  @JsonPropertyDescription("Pending, Running, Suspended, Succeeded or Failed.")
  public Phase phase;

  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Cycles finished.")
  public Integer cycles;

  @JsonPropertyDescription("Replays finished, over all cycles.")
  public Long workflowsReplayed;

  @JsonPropertyDescription("Replays whose hash differed, over all cycles.")
  public Long mismatches;

  @JsonPropertyDescription(
      "Golden records recorded, over all cycles: in mode replay or both, a seed without a record"
          + " gets one instead of being compared.")
  public Long goldenRecorded;

  @JsonPropertyDescription("The most recent mismatch.")
  public Mismatch lastMismatch;

  @JsonPropertyDescription("Start and cycle times, and replay latency.")
  public ShadowTimings timings;

  @JsonPropertyDescription("Worker pods running.")
  @StatusReplicas
  public Integer replicas;

  @JsonPropertyDescription("Label selector of the worker pods (the scale subresource).")
  @LabelSelector
  public String selector;

  @JsonPropertyDescription("Ready, Suspended and Deterministic, in the Kubernetes style.")
  public List<Condition> conditions = new ArrayList<>();
}
