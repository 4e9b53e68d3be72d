package io.shadowflow.engine.step;

import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepKind;
import java.util.Set;

/**
 * A kind this process does not have, taken as a plugin's whose engine image will: its fields must
 * be an object under {@code with}, and the engine running the step checks them. It never runs here.
 */
final class DeferredPluginKind implements StepKind {
  private final String name;

  DeferredPluginKind(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<String> fields() {
    return Set.of("with");
  }

  @Override
  public Step compile(StepSpec spec, String path, Problems problems) {
    if (spec.with != null && !spec.with.isObject()) {
      problems.add(path + ".with", "must be an object: the fields of a " + name + " step");
      return null;
    }
    return context -> {
      throw new WorkflowFailure(
          FailureCode.INPUT_INVALID,
          "step " + path + ": kind " + name + " is a plugin's that this engine does not have");
    };
  }
}
