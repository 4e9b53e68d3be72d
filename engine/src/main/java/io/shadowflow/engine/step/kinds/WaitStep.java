package io.shadowflow.engine.step.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.api.ManifestLimits;
import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.Durations;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepContext;
import io.shadowflow.engine.model.StepKind;
import io.shadowflow.engine.model.StepResult;
import io.shadowflow.engine.signal.PayloadSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code wait}: waits for a signal from outside the run (an approval, an answer) and outputs its
 * payload. The payload is the step's recorded external result: a resumed run never waits for a
 * committed signal again, and a replay is served it. Its {@code timeout} is how long it waits, on a
 * durable timer (after a crash, only what is left); then it outputs {@code default}, or fails with
 * SIGNAL_TIMEOUT.
 */
public final class WaitStep implements StepKind {
  private static final Pattern NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_.-]{0,62}$");

  /** How long past its timeout an attempt may still run, to record what the wait came to. */
  private static final Duration GRACE = Duration.ofMinutes(5);

  @Override
  public String name() {
    return "wait";
  }

  @Override
  public Set<String> fields() {
    return Set.of("signal", "accepts", "default");
  }

  @Override
  public Duration attemptTimeout(StepSpec spec) {
    return spec.timeout == null
        ? Duration.ofHours(ManifestLimits.DURATION_HOURS)
        : Durations.parse(spec.timeout).plus(GRACE);
  }

  @Override
  public Step compile(StepSpec spec, String path, Problems problems) {
    int before = problems.list().size();
    if (spec.signal == null || !NAME.matcher(spec.signal).matches()) {
      problems.add(
          path + ".signal",
          "required: a name of letters, digits, '_', '.' or '-', starting with a letter, got "
              + spec.signal);
    }
    PayloadSchema accepts = PayloadSchema.compile(spec.accepts, path + ".accepts", problems);
    Duration timeout =
        spec.timeout == null
            ? null
            : Durations.parsePositive(spec.timeout, path + ".timeout", problems);
    JsonNode fallback = spec.defaultOutput;
    if (fallback != null && spec.timeout == null) {
      problems.add(path + ".default", "a default is the output after a timeout: give timeout too");
    }
    if (fallback != null && accepts != null) {
      accepts.violations(fallback).forEach(v -> problems.add(path + ".default", v));
    }
    if (problems.list().size() > before) {
      return null;
    }
    String signal = spec.signal;
    return context -> {
      JsonNode payload =
          context.external(
              "signal", () -> await(context, signal, accepts, timeout, fallback, path));
      return new StepResult(Json.object().put("signal", signal), payload);
    };
  }

  private static JsonNode await(
      StepContext context,
      String signal,
      PayloadSchema accepts,
      Duration timeout,
      JsonNode fallback,
      String path)
      throws InterruptedException {
    Instant due = timeout == null ? null : context.timer(timeout);
    Optional<JsonNode> payload = context.awaitSignal(signal, due);
    if (payload.isEmpty()) {
      if (fallback != null) {
        return fallback;
      }
      throw new WorkflowFailure(
          FailureCode.SIGNAL_TIMEOUT,
          path + ": no signal '" + signal + "' within " + timeout.toSeconds() + "s");
    }
    List<String> violations = accepts.violations(payload.get());
    if (!violations.isEmpty()) {
      throw new WorkflowFailure(
          FailureCode.SIGNAL_PAYLOAD_INVALID,
          path + ": signal '" + signal + "': " + String.join("; ", violations));
    }
    return payload.get();
  }
}
