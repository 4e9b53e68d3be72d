package io.shadowflow.engine.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.shadowflow.engine.expr.CelValues;
import io.shadowflow.engine.expr.ExpressionException;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.run.SeededRandom;
import io.shadowflow.sdk.ExternalCall;
import io.shadowflow.sdk.StepContext;
import io.shadowflow.sdk.StepFailure;
import java.time.Instant;
import java.util.Map;
import java.util.random.RandomGenerator;

/** The engine's step context as a Java step sees it: the same door, in the SDK's terms. */
final class SdkContext implements StepContext {
  private final io.shadowflow.engine.model.StepContext engine;
  private final String kind;
  private final boolean onlyComputes;

  SdkContext(io.shadowflow.engine.model.StepContext engine, String kind, boolean onlyComputes) {
    this.engine = engine;
    this.kind = kind;
    this.onlyComputes = onlyComputes;
  }

  @Override
  public String runId() {
    return engine.runId();
  }

  @Override
  public String path() {
    return engine.path();
  }

  @Override
  public int attempt() {
    return engine.attempt();
  }

  @Override
  public JsonNode input() {
    return json(engine.variables().get("input"));
  }

  @Override
  public JsonNode output(String step) {
    if (engine.variables().get("steps") instanceof Map<?, ?> steps
        && steps.get(step) instanceof Map<?, ?> record
        && record.containsKey("output")) {
      return json(record.get("output"));
    }
    return MissingNode.getInstance();
  }

  @Override
  public Instant now() {
    return engine.now();
  }

  @Override
  public RandomGenerator random() {
    SeededRandom seeded = engine.random();
    return seeded::nextLong;
  }

  @Override
  public JsonNode external(String key, ExternalCall call) throws StepFailure, InterruptedException {
    if (onlyComputes) {
      // Its record may never have been committed: a call's result would be lost with it.
      throw new WorkflowFailure(
          FailureCode.JAVA_STEP_CRASHED,
          "step "
              + engine.path()
              + " (kind "
              + kind
              + ") says it only computes, yet calls "
              + key
              + "; drop onlyComputes() from the step");
    }
    try {
      return engine.external(
          key,
          () -> {
            try {
              return call.call();
            } catch (StepFailure e) {
              throw JavaSteps.failure(e);
            }
          });
    } catch (WorkflowFailure e) {
      if (e.getCause() instanceof StepFailure failure) {
        throw failure;
      }
      throw e;
    }
  }

  @Override
  public String idempotencyKey() {
    return engine.idempotencyKey();
  }

  @Override
  public System.Logger logger() {
    // Looked up when asked: finding a logger costs more than most steps' work.
    return System.getLogger("io.shadowflow.step." + kind);
  }

  private static JsonNode json(Object celValue) {
    try {
      return CelValues.toJson(celValue);
    } catch (ExpressionException e) {
      throw new WorkflowFailure(FailureCode.JAVA_STEP_CRASHED, e.getMessage(), e);
    }
  }
}
