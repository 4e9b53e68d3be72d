package io.shadowflow.engine.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepKind;
import io.shadowflow.engine.model.StepResult;
import io.shadowflow.sdk.JavaStep;
import io.shadowflow.sdk.StepFailure;
import java.util.Set;

/**
 * A step kind a plugin brings: its fields under {@code with:}, checked by the plugin as the
 * manifest is compiled, and its attempts run through the SDK's context. The step's recorded input
 * (and so its hash) is its {@code with}.
 */
final class PluginStepKind implements StepKind {
  private final JavaStep step;
  private final String jar;

  /**
   * @param jar the plugin's identity: jar name, SHA-256, version
   */
  PluginStepKind(JavaStep step, String jar) {
    this.step = step;
    this.jar = jar;
  }

  @Override
  public String plugin() {
    return jar;
  }

  @Override
  public String name() {
    return step.kind();
  }

  @Override
  public Set<String> fields() {
    return Set.of("with");
  }

  /** A step that only computes has nothing to wait on: no timer for its attempts. */
  @Override
  public boolean waits(StepSpec spec) {
    return !step.onlyComputes();
  }

  /** A step that only computes is computed again after a crash, like an expression. */
  @Override
  public boolean recomputable(StepSpec spec) {
    return step.onlyComputes();
  }

  @Override
  public Step compile(StepSpec spec, String path, Problems problems) {
    JsonNode with = spec.with == null ? Json.object() : spec.with;
    if (!with.isObject()) {
      problems.add(path + ".with", "must be an object: the fields of a " + name() + " step");
      return null;
    }
    int before = problems.list().size();
    try {
      step.validate(with, (field, message) -> problems.add(path + ".with." + field, message));
    } catch (RuntimeException e) {
      problems.add(path + ".with", "the plugin " + jar + " failed to check these fields: " + e);
    }
    if (problems.list().size() > before) {
      return null;
    }
    ObjectNode input = Json.object();
    input.set("with", with);
    return context -> {
      try {
        JsonNode output =
            step.run(with.deepCopy(), new SdkContext(context, name(), step.onlyComputes()));
        return new StepResult(input, output == null ? Json.NODES.nullNode() : output);
      } catch (StepFailure e) {
        throw JavaSteps.failure(e);
      } catch (WorkflowFailure e) {
        throw e;
      } catch (RuntimeException e) {
        throw JavaSteps.crash(name(), context.path(), e);
      }
    };
  }
}
