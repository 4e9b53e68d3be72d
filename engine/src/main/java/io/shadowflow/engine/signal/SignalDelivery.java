package io.shadowflow.engine.signal;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.checkpoint.RunDefinition;
import io.shadowflow.engine.checkpoint.StoredRunDefinitions;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.Problems;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Delivers a signal to a run, or says why not: the run must exist and be running, one of its wait
 * steps must wait for the signal and accept the payload, and the signal must not have come already.
 * A refused signal changes nothing.
 */
public final class SignalDelivery {
  /** What came of a delivery: delivered, or refused with the reason. */
  public record Outcome(boolean delivered, String reason) {
    static Outcome refused(String reason) {
      return new Outcome(false, reason);
    }
  }

  private final StoredRunDefinitions definitions;
  private final StoredSignals signals;

  public SignalDelivery(DataSource dataSource) {
    this.definitions = new StoredRunDefinitions(dataSource);
    this.signals = new StoredSignals(dataSource);
  }

  /**
   * Delivers signal {@code name} to run {@code runId} of {@code namespace}.
   *
   * @param namespace the namespace the run must be in: a delivery never reaches another's run
   * @param deliveredBy names this delivery (a Signal's uid): repeated after a crash, it is found
   *     delivered rather than refused as a second one
   */
  public Outcome deliver(
      String namespace, String runId, String name, JsonNode payload, String deliveredBy) {
    Optional<RunDefinition> definition = definitions.find(runId);
    if (definition.isEmpty() || !definition.get().namespace().equals(namespace)) {
      return Outcome.refused("no run " + runId + " in namespace " + namespace);
    }
    JsonNode spec = Json.parse(definition.get().definition());
    List<JsonNode> waits =
        WaitSteps.of(spec).stream().filter(w -> name.equals(w.path("signal").asText())).toList();
    if (waits.isEmpty()) {
      return Outcome.refused(
          "no wait step of run "
              + runId
              + " waits for signal '"
              + name
              + "'; they wait for "
              + WaitSteps.signals(spec));
    }
    for (JsonNode wait : waits) {
      PayloadSchema accepts = PayloadSchema.compile(wait.get("accepts"), "accepts", new Problems());
      List<String> violations = accepts == null ? List.of() : accepts.violations(payload);
      if (!violations.isEmpty()) {
        return Outcome.refused(
            "step "
                + wait.path("name").asText()
                + " does not accept the payload: "
                + String.join("; ", violations));
      }
    }
    StoredSignals.Stored stored = signals.store(runId, name, payload, deliveredBy);
    if (!deliveredBy.equals(stored.deliveredBy()) && !stored.runRunning()) {
      return Outcome.refused("run " + runId + " has ended: " + stored.runStatus());
    }
    if (!deliveredBy.equals(stored.deliveredBy())) {
      return Outcome.refused("signal '" + name + "' was already delivered to run " + runId);
    }
    return new Outcome(true, "delivered to run " + runId);
  }
}
