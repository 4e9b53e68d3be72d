package io.shadowflow.engine.hash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import java.util.Map;

/**
 * The hash contract. Both hashes are SHA-256 over RFC 8785 canonical JSON; durations, timestamps
 * and attempt counts never enter them.
 *
 * <ul>
 *   <li>{@code step_hash = SHA256(canonical_json({path, name, kind, input, output}))}
 *   <li>{@code workflow_hash = SHA256(canonical_json({run_id, workflow_type, seed, step_hashes,
 *       success, error_code}))} where {@code step_hashes} maps each committed step's path to its
 *       hash and {@code error_code} is null on success.
 * </ul>
 */
public final class Hashes {
  private Hashes() {}

  public static String stepHash(
      String path, String name, String kind, JsonNode input, JsonNode output) {
    return Sha256.hex(
        CanonicalJson.object()
            .add("input", input)
            .add("kind", kind)
            .add("name", name)
            .add("output", output)
            .add("path", path)
            .end());
  }

  /** The object whose canonical form is hashed into the workflow hash. */
  public static ObjectNode workflowHashInput(
      String runId,
      String workflowType,
      long seed,
      Map<String, String> stepHashes,
      boolean success,
      String errorCode) {
    ObjectNode hashed =
        Json.object().put("run_id", runId).put("workflow_type", workflowType).put("seed", seed);
    ObjectNode steps = hashed.putObject("step_hashes");
    stepHashes.forEach(steps::put);
    hashed.put("success", success);
    hashed.put("error_code", errorCode);
    return hashed;
  }

  public static String workflowHash(
      String runId,
      String workflowType,
      long seed,
      Map<String, String> stepHashes,
      boolean success,
      String errorCode) {
    // The object of workflowHashInput, written without building it: every run ends here.
    return Sha256.hex(
        CanonicalJson.object()
            .add("error_code", errorCode)
            .add("run_id", runId)
            .add("seed", seed)
            .add("step_hashes", stepHashes)
            .add("success", success)
            .add("workflow_type", workflowType)
            .end());
  }
}
