package io.shadowflow.engine.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.json.Json;

/**
 * One committed step of a golden record: what the step hash covers, plus the external results a
 * replay is served.
 *
 * @param external the recorded external results by call key, null when the step made no call
 * @param plugin the plugin that brought the step's kind (its jar, SHA-256 and version), null for a
 *     built-in kind: not in the step hash, but shown with a divergence, so a replay that differs
 *     after a plugin changed says which one
 */
public record GoldenStep(
    int seq,
    String path,
    String name,
    String kind,
    JsonNode input,
    JsonNode output,
    JsonNode external,
    String stepHash,
    String plugin) {

  /** A step of a built-in kind. */
  public GoldenStep(
      int seq,
      String path,
      String name,
      String kind,
      JsonNode input,
      JsonNode output,
      JsonNode external,
      String stepHash) {
    this(seq, path, name, kind, input, output, external, stepHash, null);
  }

  /** The step {@code record} committed, with the plugin its record names (null: built in). */
  public static GoldenStep of(StepRecord record) {
    return new GoldenStep(
        record.seq(),
        record.path(),
        record.name(),
        record.kind(),
        record.input(),
        record.output(),
        record.external(),
        record.stepHash(),
        record.plugin());
  }

  /** The stored form; its canonical JSON is what golden records keep. */
  public ObjectNode toJson() {
    ObjectNode json =
        Json.object().put("seq", seq).put("path", path).put("name", name).put("kind", kind);
    json.set("input", input);
    json.set("output", output);
    json.set("external", external == null ? Json.NODES.nullNode() : external);
    json.put("step_hash", stepHash);
    if (plugin != null) {
      json.put("plugin", plugin);
    }
    return json;
  }

  public static GoldenStep fromJson(JsonNode json) {
    JsonNode external = json.path("external");
    return new GoldenStep(
        json.path("seq").asInt(),
        json.path("path").asText(),
        json.path("name").asText(),
        json.path("kind").asText(),
        json.path("input"),
        json.path("output"),
        external.isNull() || external.isMissingNode() ? null : external,
        json.path("step_hash").asText(),
        json.path("plugin").isTextual() ? json.path("plugin").asText() : null);
  }
}
