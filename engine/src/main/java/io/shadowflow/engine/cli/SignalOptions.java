package io.shadowflow.engine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.model.Problem;
import io.shadowflow.engine.signal.SignalBox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Signals given up front: a run that waits for them goes on at once, as if they had come. */
final class SignalOptions {
  @Option(
      names = "--signal",
      paramLabel = "NAME=JSON",
      description =
          "A signal for the run's wait steps, given up front, e.g. --signal 'approve={\"ok\":true}'"
              + " (repeatable)")
  Map<String, String> signals = new LinkedHashMap<>();

  /** The signals as a box; the payloads must be JSON. */
  SignalBox box() {
    Map<String, JsonNode> payloads = new LinkedHashMap<>();
    signals.forEach((name, text) -> payloads.put(name, payload("--signal " + name, text)));
    return SignalBox.preset(payloads);
  }

  /** {@code text} as JSON, or an error naming {@code option}. */
  static JsonNode payload(String option, String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidManifestException(
          List.of(
              new Problem(
                  option,
                  "the payload is not JSON: "
                      + e.getOriginalMessage()
                      + "; quote it for the shell, e.g. '{\"ok\": true}'")));
    }
  }
}
