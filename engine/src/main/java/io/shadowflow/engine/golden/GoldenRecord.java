package io.shadowflow.engine.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.engine.exec.RecordedExternals;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.run.EngineBuild;
import io.shadowflow.engine.run.RunIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A recorded run that replays are compared against: its identity, every committed step with its
 * external results, its outcome and workflow hash, and what makes a mismatch reproducible (the
 * engine build and the fault plan).
 *
 * @param failedStep path of the step that failed, null on success
 * @param failedStepExternal the external results the failed step obtained before failing, or null
 * @param faultPlan the fault plan the run was made under, with its seed; null without one
 * @param recordedAt when the store took it; null before it is stored
 */
public record GoldenRecord(
    String runId,
    String namespace,
    String name,
    String workflowType,
    long seed,
    String definitionHash,
    List<GoldenStep> steps,
    boolean success,
    String errorCode,
    String failedStep,
    JsonNode failedStepExternal,
    String workflowHash,
    EngineBuild build,
    JsonNode faultPlan,
    Instant recordedAt) {

  public GoldenRecord {
    // Stored steps are immutable already, and a copy would parse them.
    steps = steps instanceof StoredSteps ? steps : List.copyOf(steps);
  }

  /** The run id of a first run of {@code workflow} with its seed: the key of its golden record. */
  public static String runIdOf(CompiledWorkflow workflow) {
    return RunIdentity.runId(
        workflow.namespace(), workflow.name(), workflow.definitionHash(), workflow.seed(), "");
  }

  /**
   * Whether this record is of a first run of {@code workflow} with its seed: the fields its run id
   * is derived from are the workflow's, compared without hashing them again (replays check every
   * record).
   */
  public boolean recordedFrom(CompiledWorkflow workflow) {
    return namespace.equals(workflow.namespace())
        && name.equals(workflow.name())
        && definitionHash.equals(workflow.definitionHash())
        && seed == workflow.seed();
  }

  /** The external results of every step, for a replay to be served. */
  public RecordedExternals externals() {
    return (path, key) -> {
      JsonNode external = path.equals(failedStep) ? failedStepExternal : stepAt(path);
      return Optional.ofNullable(external == null ? null : external.get(key));
    };
  }

  private JsonNode stepAt(String path) {
    for (GoldenStep step : steps) {
      if (step.path().equals(path)) {
        return step.external();
      }
    }
    return null;
  }

  /** The steps as the canonical JSON array golden records store. */
  public String stepsJson() {
    ArrayNode array = Json.NODES.arrayNode(steps.size());
    steps.forEach(step -> array.add(step.toJson()));
    return CanonicalJson.of(array);
  }

  /** How the run ended, as a diff shows it. */
  public ObjectNode outcomeJson() {
    ObjectNode json =
        Json.object()
            .put("success", success)
            .put("error_code", errorCode)
            .put("failed_step", failedStep);
    json.set(
        "failed_step_external",
        failedStepExternal == null ? Json.NODES.nullNode() : failedStepExternal);
    return json;
  }

  /** The fields of the hash contract that are neither steps nor outcome. */
  public ObjectNode identityJson() {
    return Json.object()
        .put("run_id", runId)
        .put("workflow_type", workflowType)
        .put("seed", seed)
        .put("workflow_hash", workflowHash);
  }
}
