package io.shadowflow.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.shadowflow.sdk.ExternalCall;
import io.shadowflow.sdk.JavaStep;
import io.shadowflow.sdk.StepContext;
import io.shadowflow.sdk.StepFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Runs a {@link JavaStep} in a unit test, without an engine: its fields checked as a manifest's
 * compile would, an attempt run with a seeded context, and a replay that serves the recorded
 * external results and must give the same output. The random stream is seeded but not the engine's:
 * compare outputs between runs here, not with an engine's run.
 */
public final class StepTester {
  private final JavaStep step;
  private long seed = 42;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private JsonNode input = JsonNodeFactory.instance.objectNode();
  private final Map<String, JsonNode> outputs = new HashMap<>();

  private StepTester(JavaStep step) {
    this.step = step;
  }

  public static StepTester of(JavaStep step) {
    return new StepTester(step);
  }

  public StepTester seed(long seed) {
    this.seed = seed;
    return this;
  }

  public StepTester now(Instant now) {
    this.now = now;
    return this;
  }

  public StepTester input(JsonNode input) {
    this.input = input;
    return this;
  }

  /** The output of an earlier step the step may read by name. */
  public StepTester output(String step, JsonNode output) {
    outputs.put(step, output);
    return this;
  }

  /** The problems {@link JavaStep#validate} reports, each as {@code field: message}. */
  public List<String> problems(JsonNode with) {
    List<String> problems = new ArrayList<>();
    step.validate(with, (field, message) -> problems.add(field + ": " + message));
    return problems;
  }

  /** One attempt: its output and the external results it recorded. */
  public record Attempt(JsonNode output, Map<String, JsonNode> externals) {}

  /** Runs attempt {@code attempt} (from 1), making its external calls. */
  public Attempt run(JsonNode with, int attempt) throws StepFailure, InterruptedException {
    Context context = new Context(attempt, null);
    JsonNode output = step.run(with.deepCopy(), context);
    return new Attempt(output, Map.copyOf(context.recorded));
  }

  /**
   * Runs the step, then runs it again as a replay serving the first run's external results, and
   * fails when the two outputs differ: what a shadow run would find.
   *
   * @return the output both gave
   */
  public JsonNode assertReplays(JsonNode with) throws StepFailure, InterruptedException {
    Attempt first = run(with, 1);
    Context replay = new Context(1, first.externals());
    JsonNode again = step.run(with.deepCopy(), replay);
    if (!first.output().equals(again)) {
      throw new AssertionError(
          step.kind() + " is not deterministic: it gave " + first.output() + ", then " + again);
    }
    return again;
  }

  private final class Context implements StepContext {
    private final int attempt;
    private final Map<String, JsonNode> replayed;
    private final Map<String, JsonNode> recorded = new LinkedHashMap<>();
    private final RandomGenerator random;

    Context(int attempt, Map<String, JsonNode> replayed) {
      this.attempt = attempt;
      this.replayed = replayed;
      this.random = new SplittableRandom(seed);
    }

    @Override
    public String runId() {
      return "run-test";
    }

    @Override
    public String path() {
      return "steps/0";
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public JsonNode input() {
      return input;
    }

    @Override
    public JsonNode output(String name) {
      return outputs.getOrDefault(name, MissingNode.getInstance());
    }

    @Override
    public Instant now() {
      return now;
    }

    @Override
    public RandomGenerator random() {
      return random;
    }

    @Override
    public JsonNode external(String key, ExternalCall call)
        throws StepFailure, InterruptedException {
      if (replayed != null) {
        JsonNode result = replayed.get(key);
        if (result == null) {
          throw new AssertionError("the replay asked for external " + key + ", never recorded");
        }
        return result;
      }
      JsonNode result = call.call();
      recorded.put(key, result);
      return result;
    }

    @Override
    public String idempotencyKey() {
      return "test-" + path();
    }

    @Override
    public System.Logger logger() {
      return System.getLogger("io.shadowflow.step." + step.kind());
    }
  }
}
