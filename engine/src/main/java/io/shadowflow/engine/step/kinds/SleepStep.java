package io.shadowflow.engine.step.kinds;

import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.Durations;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepKind;
import io.shadowflow.engine.model.StepResult;
import java.time.Duration;
import java.util.Set;

/** {@code sleep}: a durable timer; after a crash only the time left is waited. */
public final class SleepStep implements StepKind {
  @Override
  public String name() {
    return "sleep";
  }

  @Override
  public Set<String> fields() {
    return Set.of("duration");
  }

  @Override
  public int defaultCost() {
    return 0;
  }

  /**
   * A sleep of zero has nothing to remember; a longer one has a timer that outlives the process.
   */
  @Override
  public boolean recomputable(StepSpec spec) {
    return !waits(spec);
  }

  @Override
  public boolean waits(StepSpec spec) {
    return !Durations.parse(spec.duration).isZero();
  }

  /** The sleep itself and five minutes more: a resumed sleep waits only for what is left. */
  @Override
  public Duration defaultTimeout(StepSpec spec) {
    return Durations.parse(spec.duration).plus(StepKind.super.defaultTimeout(spec));
  }

  @Override
  public Step compile(StepSpec spec, String path, Problems problems) {
    if (spec.duration == null) {
      problems.add(path + ".duration", "required: " + Durations.FORMAT);
      return null;
    }
    Duration duration = Durations.parse(spec.duration, path + ".duration", problems);
    if (duration == null) {
      return null;
    }
    // The duration as written ("2s" or "2000ms") must not change the hash: record milliseconds.
    var input = Json.object().put("durationMs", duration.toMillis());
    return context -> {
      context.sleep(duration);
      return new StepResult(input, Json.NODES.nullNode());
    };
  }
}
