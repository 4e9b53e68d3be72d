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
 */
public record GoldenStep(
    int seq,
    String path,
    String name,
    String kind,
    JsonNode input,
    JsonNode output,
    JsonNode external,
    String stepHash) {

  public static GoldenStep of(StepRecord record) {
    return new GoldenStep(
        record.seq(),
        record.path(),
        record.name(),
        record.kind(),
        record.input(),
        record.output(),
        record.external(),
        record.stepHash());
  }

  /** The stored form; its canonical JSON is what golden records keep. */
  public ObjectNode toJson() {
    ObjectNode json =
        Json.object().put("seq", seq).put("path", path).put("name", name).put("kind", kind);
    json.set("input", input);
    json.set("output", output);
    json.set("external", external == null ? Json.NODES.nullNode() : external);
    json.put("step_hash", stepHash);
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
        json.path("step_hash").asText());
  }
}
