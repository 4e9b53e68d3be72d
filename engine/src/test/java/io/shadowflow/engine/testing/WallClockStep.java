package io.shadowflow.engine.testing;

import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepKind;
import io.shadowflow.engine.model.StepResult;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code wallclock}: a deliberately non-deterministic step for tests. It reads the wall clock and
 * an unseeded random source behind the run context's back, which is what shadow runs must catch. It
 * is registered on the test class path only.
 */
public final class WallClockStep implements StepKind {
  @Override
  public String name() {
    return "wallclock";
  }

  @Override
  public Set<String> fields() {
    return Set.of();
  }

  @Override
  public Step compile(StepSpec spec, String path, Problems problems) {
    var input = Json.object();
    return context ->
        new StepResult(
            input,
            Json.object()
                .put("nanos", System.nanoTime())
                .put("unseeded", ThreadLocalRandom.current().nextLong()));
  }
}
