package io.shadowflow.engine.child;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.api.ApiGroup;
import io.shadowflow.api.ManifestLimits;
import io.shadowflow.engine.hash.Sha256;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.RunOwner;

/**
 * The Workflow a {@code kind: workflow} step starts: its manifest, whatever runs it (the CLI in its
 * own process, the operator as a Workflow resource), so both compute the same child and its hash.
 *
 * @param parentRunId the run of the step that starts it
 * @param stepPath the step's path in that run
 * @param manifest the child's Workflow manifest: apiVersion, kind, metadata, spec
 * @param outputStep the path of the child's last step, whose output is the child's output
 */
public record ChildWorkflow(
    String parentRunId, String stepPath, ObjectNode manifest, String outputStep) {
  /** Longest part of the parent's name a child's name keeps, leaving room for its suffix. */
  private static final int PARENT_NAME_CHARS = 40;

  /** The prefix of the signal that brings a child's outcome to its parent's step. */
  public static final String SIGNAL_PREFIX = "workflow:";

  /**
   * The child that step {@code stepPath} of run {@code parentRunId} of {@code parent} starts.
   *
   * @param steps the child's steps, as written under the step
   * @param input the child's input, the value of the step's {@code input}
   */
  public static ChildWorkflow of(
      RunOwner parent,
      String parentRunId,
      long seed,
      String stepPath,
      String stepName,
      ArrayNode steps,
      ObjectNode input) {
    ObjectNode manifest = Json.object();
    manifest.put("apiVersion", ApiGroup.API_VERSION).put("kind", "Workflow");
    manifest
        .putObject("metadata")
        .put("name", name(parent.name(), parentRunId, stepPath))
        .put("namespace", parent.namespace());
    ObjectNode spec = manifest.putObject("spec");
    spec.put("type", type(parent.type(), stepName)).put("seed", seed);
    spec.set("input", input);
    if (parent.policy() != null) {
      // A child may do no more than its parent: allowed kinds, limits and budgets, per run.
      spec.set("policy", Json.MAPPER.valueToTree(parent.policy()));
    }
    spec.set("steps", steps);
    return new ChildWorkflow(parentRunId, stepPath, manifest, "steps/" + (steps.size() - 1));
  }

  /**
   * A name of its own for each step of each parent run, the same in every process that resumes the
   * parent: a resumed parent finds its child instead of starting a second one.
   */
  public static String name(String parentName, String parentRunId, String stepPath) {
    String stem =
        parentName.length() <= PARENT_NAME_CHARS
            ? parentName
            : parentName.substring(0, PARENT_NAME_CHARS).replaceAll("[-.]+$", "");
    return stem + "-" + Sha256.hex(parentRunId + "/" + stepPath).substring(0, 10);
  }

  private static String type(String parentType, String stepName) {
    String type = parentType + "." + stepName;
    return type.length() <= ManifestLimits.TYPE_CHARS
        ? type
        : type.substring(type.length() - ManifestLimits.TYPE_CHARS);
  }

  /** The child Workflow's name. */
  public String name() {
    return manifest.path("metadata").path("name").asText();
  }

  /** The signal that brings the child's outcome to the step: one per step of the parent run. */
  public String signal() {
    return SIGNAL_PREFIX + stepPath;
  }

  /**
   * The step's output: how the child ended, its workflow hash and its output. The database builds
   * the same object when a child that the operator runs ends (V14__child_workflows.sql).
   *
   * @param status SUCCEEDED or FAILED
   * @param errorCode the child's failure code, null when it succeeded
   * @param output the output of the child's last step, null when it did not run
   */
  public static ObjectNode outcome(
      String status, String workflowHash, String errorCode, JsonNode output) {
    ObjectNode outcome = Json.object();
    outcome.put("outcome", status).put("workflowHash", workflowHash).put("errorCode", errorCode);
    outcome.set("output", output == null ? Json.MAPPER.nullNode() : output);
    return outcome;
  }
}
