package io.shadowflow.engine.step.kinds;

import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepKind;
import java.util.Optional;
import java.util.Set;

/** {@code fail}: raises a catalog failure on purpose, for drills and tests. */
public final class FailStep implements StepKind {
  @Override
  public String name() {
    return "fail";
  }

  /** Fails the same way each time it runs. */
  @Override
  public boolean recomputable(StepSpec spec) {
    return true;
  }

  @Override
  public boolean waits(StepSpec spec) {
    return false;
  }

  @Override
  public Set<String> fields() {
    return Set.of("code", "message");
  }

  @Override
  public int defaultCost() {
    return 0;
  }

  @Override
  public Step compile(StepSpec spec, String path, Problems problems) {
    String name = spec.code == null ? FailureCode.STEP_FAILED.name() : spec.code;
    Optional<FailureCode> code = FailureCode.lookup(name);
    if (code.isEmpty()) {
      problems.add(path + ".code", "'" + name + "' is not a failure catalog code, e.g. HTTP_503");
      return null;
    }
    String message = code.get().withDetail(spec.message == null ? path : spec.message);
    return context -> {
      throw new WorkflowFailure(code.get(), message);
    };
  }
}
