package io.shadowflow.engine.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.engine.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What an engine process tells Kubernetes when it stops without a failure recorded in PostgreSQL
 * (the database refused it, or the run could not go on): one JSON object with the catalog code, its
 * category and the message, written as the container's termination message. The kubelet copies it
 * into the pod's status, where the operator reads and counts it: the database the failure is about
 * cannot be where it is recorded.
 *
 * @param code the catalog code
 * @param message what happened, for people
 */
public record ExitReport(FailureCode code, String message) {
  /** The kubelet keeps no more of a termination message. */
  public static final int MAX_BYTES = 4096;

  private static final String CUT = "...";

  /** The report of a failure the engine could not record. */
  public static ExitReport of(WorkflowFailure failure) {
    return new ExitReport(failure.code(), failure.describe());
  }

  /** The report as one line of JSON of at most {@link #MAX_BYTES} bytes; a long message is cut. */
  public String json() {
    String whole = render(message);
    if (bytes(whole) <= MAX_BYTES) {
      return whole;
    }
    // The longest head of the message that fits: escapes and multi-byte characters make bytes and
    // characters differ, so search rather than compute.
    int low = 0;
    int high = message.length();
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (bytes(render(head(mid))) <= MAX_BYTES) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return render(head(low));
  }

  private String head(int length) {
    boolean splitsPair = length > 0 && Character.isHighSurrogate(message.charAt(length - 1));
    return message.substring(0, splitsPair ? length - 1 : length) + CUT;
  }

  /** A report read back from a termination message; empty for any other text. */
  public static Optional<ExitReport> parse(String text) {
    if (text == null || !text.startsWith("{")) {
      return Optional.empty();
    }
    JsonNode json;
    try {
      json = Json.parse(text);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return FailureCode.lookup(json.path("code").asText(""))
        .map(code -> new ExitReport(code, json.path("message").asText("")));
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private String render(String text) {
    ObjectNode json = Json.object();
    json.put("code", code.name());
    json.put("category", code.category().name());
    json.put("message", text);
    return Json.write(json);
  }
}
