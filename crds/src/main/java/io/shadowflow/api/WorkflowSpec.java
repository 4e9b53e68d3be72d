package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** What a user asks for: one workflow definition, its seed and the rules it runs under. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowSpec {
  @JsonPropertyDescription("Workflow type: names the workflow and enters its hash (workflow_type).")
  public String type;

  @JsonPropertyDescription("Seed of the run's deterministic random source.")
  public Long seed;

  @JsonPropertyDescription("1 runs the workflow, 0 suspends it (the scale subresource).")
  public Integer replicas;

  @JsonPropertyDescription("Input of the run, a JSON object; transforms read it as `input`.")
  public ObjectNode input;

  @JsonPropertyDescription("The steps, executed in order; each is checkpointed before the next.")
  public List<StepSpec> steps = new ArrayList<>();

  @JsonPropertyDescription("Limits the run must obey: step count, budget, timeout, step kinds.")
  public PolicySpec policy;

  @JsonPropertyDescription(
      "Default retry policy of every step, over the failure catalog's default.")
  public RetrySpec retry;

  @JsonPropertyDescription("Whether and how long golden records of this workflow are kept.")
  public GoldenSpec golden;
}
