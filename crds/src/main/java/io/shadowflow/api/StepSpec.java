package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * One step of a workflow. The fields a step reads depend on its kind; the engine rejects fields
 * that do not belong to the kind.
 */
@ValidationRule(
    value = "self.kind != 'transform' || has(self.expr)",
    message = "a transform step needs expr")
@ValidationRule(
    value = "self.kind != 'sleep' || has(self.duration)",
    message = "a sleep step needs duration")
@ValidationRule(value = "self.kind != 'http' || has(self.url)", message = "an http step needs url")
@ValidationRule(
    value = "self.kind != 'container' || has(self.image)",
    message = "a container step needs image")
@ValidationRule(
    value = "self.kind != 'wait' || has(self.signal)",
    message = "a wait step needs signal")
@ValidationRule(value = "has(self.min) == has(self.max)", message = "min and max go together")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StepSpec {
  @JsonPropertyDescription(
      "Name of the step, unique in the workflow; later steps read its output as steps.<name>.output.")
  @Required
  @Size(max = ManifestLimits.NAME_CHARS)
  @Pattern("^[A-Za-z_][A-Za-z0-9_-]{0,62}$")
  public String name;

  @JsonPropertyDescription(
      "Step kind: transform, random, sleep, http, container, wait, workflow, fail, plan, parallel,"
          + " forEach, or the kind of a Java step plugin.")
  @Required
  @Size(max = ManifestLimits.WORD_CHARS)
  public String kind;

  @JsonPropertyDescription(
      "transform: CEL expression over `input` and `steps`; its value is the step's output.")
  @Size(max = ManifestLimits.EXPRESSION_CHARS)
  public String expr;

  @JsonPropertyDescription(
      "A Java step plugin's own fields, checked by the plugin when the manifest is compiled.")
  public JsonNode with;

  @JsonPropertyDescription("random: pick one of these values.")
  @Size(max = ManifestLimits.CHOICES)
  public List<JsonNode> choice;

  @JsonPropertyDescription("random: smallest integer to draw (inclusive), with max.")
  public Long min;

  @JsonPropertyDescription("random: largest integer to draw (inclusive), with min.")
  public Long max;

  @JsonPropertyDescription("random: draw a version 4 UUID.")
  public Boolean uuid;

  @JsonPropertyDescription("sleep: how long to wait, e.g. 2s, 1m30s; a durable timer.")
  @Size(max = ManifestLimits.DURATION_CHARS)
  @Pattern(ManifestLimits.DURATION_PATTERN)
  public String duration;

  @JsonPropertyDescription("http: request method (GET, POST, PUT, PATCH, DELETE).")
  @Size(max = ManifestLimits.WORD_CHARS)
  public String method;

  @JsonPropertyDescription("http: absolute http or https URL.")
  @Size(max = ManifestLimits.URL_CHARS)
  public String url;

  @JsonPropertyDescription("http: extra request headers.")
  @Size(max = ManifestLimits.HEADERS)
  @ValueSize(max = ManifestLimits.HEADER_VALUE_CHARS)
  public Map<String, String> headers;

  @JsonPropertyDescription("http: CEL expression whose value is sent as the JSON request body.")
  @Size(max = ManifestLimits.EXPRESSION_CHARS)
  public String body;

  @JsonPropertyDescription(
      "http: headers, query parameters or body fields whose values come from Secrets.")
  @Size(max = 16)
  public List<SecretParamSpec> secrets;

  @JsonPropertyDescription("container: the image the step's pod runs.")
  @Size(max = ManifestLimits.IMAGE_CHARS)
  @Pattern(ManifestLimits.IMAGE_PATTERN)
  public String image;

  @JsonPropertyDescription("container: the command, replacing the image's entrypoint.")
  @Size(max = ManifestLimits.LIST_ITEMS)
  @ValueSize(max = ManifestLimits.HEADER_VALUE_CHARS)
  public List<String> command;

  @JsonPropertyDescription("container: the command's arguments.")
  @Size(max = ManifestLimits.LIST_ITEMS)
  @ValueSize(max = ManifestLimits.HEADER_VALUE_CHARS)
  public List<String> args;

  @JsonPropertyDescription("container: environment variables, plain or from Secrets.")
  @Size(max = ManifestLimits.LIST_ITEMS)
  @ListMapKeys("name")
  public List<ContainerEnvSpec> env;

  @JsonPropertyDescription("container: the pod's resource requests and limits.")
  public ContainerResourcesSpec resources;

  @JsonPropertyDescription(
      "container: CEL expression whose value is the step's input file; workflow: whose value, an"
          + " object, is the child's input (default: input).")
  @Size(max = ManifestLimits.EXPRESSION_CHARS)
  public String input;

  @JsonPropertyDescription(
      "wait: the name of the signal the step waits for; its payload is the step's output.")
  @Size(max = ManifestLimits.NAME_CHARS)
  @Pattern("^[A-Za-z][A-Za-z0-9_.-]{0,62}$")
  public String signal;

  @JsonPropertyDescription(
      "wait: what a payload must look like, JSON-schema-like: type, properties, required, items,"
          + " enum, additionalProperties.")
  public JsonNode accepts;

  @JsonPropertyDescription(
      "wait: the output when no signal came within the step's timeout; without it the step fails"
          + " with SIGNAL_TIMEOUT.")
  @JsonProperty("default")
  public JsonNode defaultOutput;

  @JsonPropertyDescription("fail: failure catalog code to raise, e.g. HTTP_503.")
  @Size(max = ManifestLimits.WORD_CHARS)
  public String code;

  @JsonPropertyDescription("fail: message of the raised failure.")
  @Size(max = ManifestLimits.MESSAGE_CHARS)
  public String message;

  @JsonPropertyDescription("plan: where the planned steps come from, and the plan's limits.")
  public PlannerSpec planner;

  @JsonPropertyDescription(
      "parallel: the branches, run at once; each is a list of steps, and the step's output is"
          + " {<branch name>: <output of its last step>}.")
  @Size(max = ManifestLimits.BRANCHES)
  @ListMapKeys("name")
  public List<BranchSpec> branches;

  @JsonPropertyDescription(
      "forEach: CEL expression giving the list to loop over; the step's output is the list of"
          + " each iteration's last output, in item order.")
  @Size(max = ManifestLimits.EXPRESSION_CHARS)
  public String items;

  @JsonPropertyDescription(
      "forEach: the name under which an iteration's steps read their item (default item);"
          + " `index` holds its position.")
  @Size(max = ManifestLimits.NAME_CHARS)
  @Pattern("^[A-Za-z_][A-Za-z0-9_]{0,62}$")
  public String as;

  @JsonPropertyDescription(
      "workflow: a Workflow of this namespace whose steps the child runs, instead of steps.")
  public WorkflowRef workflowRef;

  @JsonPropertyDescription(
      "forEach: the steps of one iteration; workflow: the child workflow's steps. Checked by the"
          + " engine like the workflow's steps.")
  @Size(max = ManifestLimits.STEPS)
  public List<JsonNode> steps;

  @JsonPropertyDescription(
      "parallel, forEach: most branches or iterations running at once; default all (forEach: 8).")
  @Min(1)
  @Max(ManifestLimits.MAX_PARALLEL)
  public Integer maxParallel;

  @JsonPropertyDescription(
      "parallel, forEach: whether the first failure cancels the other branches or iterations"
          + " (default true); false lets them all finish first.")
  public Boolean failFast;

  @JsonPropertyDescription(
      "CEL condition over `input` and `steps`, read when the step's turn comes: false skips the"
          + " step (it is recorded as skipped, with output null).")
  @Size(max = ManifestLimits.EXPRESSION_CHARS)
  public String when;

  @JsonPropertyDescription(
      "What the step's failure does: fail (the run fails; the default) or continue (the failure"
          + " becomes the step's output {\"error\": {code, category, message}} and the run goes on).")
  @Size(max = ManifestLimits.WORD_CHARS)
  @Pattern("^(fail|continue)$")
  public String onError;

  @JsonPropertyDescription("Budget cost of this step, overriding the kind's default cost.")
  public Integer cost;

  @JsonPropertyDescription(
      "Longest one attempt of this step may take, e.g. 30s; for a wait step, how long it waits for"
          + " its signal.")
  @Size(max = ManifestLimits.DURATION_CHARS)
  @Pattern(ManifestLimits.DURATION_PATTERN)
  public String timeout;

  @JsonPropertyDescription(
      "Retriers of this step, first match wins, over the workflow's retry defaults.")
  @Size(max = ManifestLimits.LIST_ITEMS)
  public List<RetrierSpec> retry;
}
