package io.shadowflow.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.hash.Hashes;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledStep;

/**
 * The records of steps that did not run to a result: one skipped by its {@code when}, and one whose
 * failure {@code onError: continue} turned into its output. They are committed and hashed like any
 * step, so resume, replay and shadow runs treat them alike (docs/language.md).
 */
final class StepRecords {
  private StepRecords() {}

  /** Input {@code {"skipped": true, "when": CONDITION}}, output null. */
  static StepRecord skipped(int seq, CompiledStep step, String when) {
    ObjectNode input = Json.object().put("skipped", true).put("when", when);
    return record(seq, step, input, Json.NODES.nullNode(), 0);
  }

  /** Input {@code {"onError": "continue"}}, output {@code {"error": {code, category, message}}}. */
  static StepRecord continued(int seq, CompiledStep step, WorkflowFailure failure) {
    ObjectNode output = Json.object();
    output
        .putObject("error")
        .put("code", failure.code().name())
        .put("category", failure.code().category().name())
        .put("message", failure.getMessage());
    return record(seq, step, Json.object().put("onError", "continue"), output, 1);
  }

  /** Whether the step ran to a result of its own: it was neither skipped nor continued past. */
  static boolean isResult(StepRecord record) {
    return !isSkipped(record) && !record.input().has("onError");
  }

  static boolean isSkipped(StepRecord record) {
    return record.input().path("skipped").asBoolean(false) && record.output().isNull();
  }

  private static StepRecord record(
      int seq, CompiledStep step, ObjectNode input, JsonNode output, int attempts) {
    return record(seq, step, input, output, 0, attempts, null);
  }

  /** The record of {@code step}'s result, hashed, with the plugin that brought its kind. */
  static StepRecord record(
      int seq,
      CompiledStep step,
      JsonNode input,
      JsonNode output,
      long durationMs,
      int attempts,
      JsonNode externals) {
    String hash = Hashes.stepHash(step.path(), step.name(), step.kind().name(), input, output);
    return new StepRecord(
        seq,
        step.path(),
        step.name(),
        step.kind().name(),
        input,
        output,
        hash,
        durationMs,
        attempts,
        externals,
        step.kind().plugin());
  }
}
