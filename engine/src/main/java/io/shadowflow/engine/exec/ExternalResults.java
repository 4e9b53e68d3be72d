package io.shadowflow.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.ExternalCall;

/**
 * The external results of one step attempt, as recorded: each call's key maps to {@code {"result":
 * R}} or, when the call itself failed, {@code {"failure": {"code": C, "message": M}}}, so a replay
 * fails exactly where the recorded run did.
 */
final class ExternalResults {
  private final String path;
  private final RecordedExternals replayFrom;
  private ObjectNode recorded;

  ExternalResults(String path, RecordedExternals replayFrom) {
    this.path = path;
    this.replayFrom = replayFrom;
  }

  /** Makes the call (live) or serves its recorded result (replay), recording it either way. */
  JsonNode obtain(String key, ExternalCall call, ExecutionListener listener)
      throws InterruptedException {
    if (replayFrom != null) {
      JsonNode entry = replayed(key);
      record(key, entry, listener);
      JsonNode failure = entry.get("failure");
      if (failure != null) {
        throw new WorkflowFailure(
            FailureCode.lookup(failure.path("code").asText()).orElse(FailureCode.INTERNAL_ERROR),
            failure.path("message").asText());
      }
      return entry.path("result");
    }
    try {
      JsonNode result = call.call();
      record(key, Json.object().set("result", result), listener);
      return result;
    } catch (WorkflowFailure failure) {
      ObjectNode entry = Json.object();
      entry
          .putObject("failure")
          .put("code", failure.code().name())
          .put("message", failure.getMessage());
      record(key, entry, listener);
      throw failure;
    }
  }

  private void record(String key, JsonNode entry, ExecutionListener listener) {
    if (recorded == null) {
      recorded = Json.object();
    }
    recorded.set(key, entry);
    listener.externalResult(path, key, entry);
  }

  private JsonNode replayed(String key) {
    return replayFrom
        .find(path, key)
        .orElseThrow(
            () ->
                new WorkflowFailure(
                    FailureCode.DETERMINISM_VIOLATION,
                    "step "
                        + path
                        + " asks for the external result '"
                        + key
                        + "', which its golden record does not hold: the replay makes a call the"
                        + " recorded run did not make"));
  }

  /** Everything recorded, null when the step made no external call. */
  JsonNode recorded() {
    return recorded;
  }
}
