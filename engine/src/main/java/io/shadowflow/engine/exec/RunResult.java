package io.shadowflow.engine.exec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.engine.hash.Hashes;
import java.util.Map;

/**
 * The end of a run.
 *
 * @param stepHashes each committed step's path and hash, in order
 * @param restoredSteps steps taken from checkpoints instead of being executed
 */
public record RunResult(
    String runId,
    String workflowType,
    long seed,
    Map<String, String> stepHashes,
    boolean success,
    String errorCode,
    String errorMessage,
    String failedStep,
    String workflowHash,
    int restoredSteps) {

  /** The fields of the hash contract plus the hash, as {@code run --output json} prints them. */
  public ObjectNode toJson() {
    ObjectNode json =
        Hashes.workflowHashInput(runId, workflowType, seed, stepHashes, success, errorCode);
    json.put("workflow_hash", workflowHash);
    return json;
  }
}
