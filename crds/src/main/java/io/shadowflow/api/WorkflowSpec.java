package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.ArrayList;
import java.util.List;

/**
 * What a user asks for: one workflow definition, its seed and the rules it runs under. The engine's
 * compiler checks everything; the CRD's schema and CEL rules reject the plain mistakes at apply.
 */
@ValidationRule(
    value = "!has(self.replicas) || self.replicas == 0 || self.replicas == 1",
    message = "replicas must be 0 (suspended) or 1 (running)")
@ValidationRule(
    value =
        "!has(self.policy) || !has(self.policy.maxSteps) || size(self.steps) <= self.policy.maxSteps",
    message = "there are more steps than policy.maxSteps allows")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowSpec {
  @JsonPropertyDescription("Workflow type: names the workflow and enters its hash (workflow_type).")
  @Required
  @Size(min = 1, max = ManifestLimits.TYPE_CHARS)
  public String type;

  @JsonPropertyDescription("Seed of the run's deterministic random source.")
  @Min(-9007199254740992.0)
  @Max(9007199254740992.0)
  public Long seed;

  @JsonPropertyDescription("1 runs the workflow, 0 suspends it (the scale subresource).")
  @SpecReplicas
  @Default("1")
  public Integer replicas;

  @JsonPropertyDescription(
      "The engine image this Workflow's pods run, e.g. one with Java step plugins; the platform"
          + " admin allows images by prefix (chart value engine.allowedImages). Default: the"
          + " operator's engine image.")
  @Size(max = ManifestLimits.IMAGE_CHARS)
  @Pattern(ManifestLimits.IMAGE_PATTERN)
  public String engineImage;

  @JsonPropertyDescription("Input of the run, a JSON object; transforms read it as `input`.")
  public ObjectNode input;

  @JsonPropertyDescription("The steps, executed in order; each is checkpointed before the next.")
  @Required
  @Size(min = 1, max = ManifestLimits.STEPS)
  @ListMapKeys("name")
  public List<StepSpec> steps = new ArrayList<>();

  @JsonPropertyDescription(
      "Steps run after the steps, whether they succeeded or failed; they read `run.success` and"
          + " `run.error`.")
  @JsonProperty("finally")
  @Size(max = ManifestLimits.STEPS)
  @ListMapKeys("name")
  public List<StepSpec> finallySteps;

  @JsonPropertyDescription("Limits the run must obey: step count, budget, timeout, step kinds.")
  public PolicySpec policy;

  @JsonPropertyDescription(
      "Default retry policy of every step, over the failure catalog's default.")
  public RetrySpec retry;

  @JsonPropertyDescription(
      "What an edit of the spec does to a run that has committed steps: continueOrReject (the"
          + " default: an edit that leaves every committed step as it was continues the run, any"
          + " other is refused) or newRun (start a new run from step 0).")
  @Size(max = ManifestLimits.WORD_CHARS)
  @Pattern("^(continueOrReject|newRun)$")
  public String onEdit;

  @JsonPropertyDescription("Whether and how long golden records of this workflow are kept.")
  public GoldenSpec golden;
}
