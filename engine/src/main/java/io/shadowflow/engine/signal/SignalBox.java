package io.shadowflow.engine.signal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/** Where a waiting step finds its run's signals: given up front, or delivered to the database. */
@FunctionalInterface
public interface SignalBox {
  /** No signal ever comes. */
  SignalBox NONE = (runId, name) -> Optional.empty();

  /** The payload of signal {@code name} of run {@code runId}, once it came. */
  Optional<JsonNode> find(String runId, String name);

  /** Signals given on the command line, to every run: a run's hash without waiting for anyone. */
  static SignalBox preset(Map<String, JsonNode> payloads) {
    Map<String, JsonNode> copy = Map.copyOf(payloads);
    return (runId, name) -> Optional.ofNullable(copy.get(name));
  }

  /** This box's signal, else {@code other}'s. */
  default SignalBox or(SignalBox other) {
    return (runId, name) -> find(runId, name).or(() -> other.find(runId, name));
  }
}
