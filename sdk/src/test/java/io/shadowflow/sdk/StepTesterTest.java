package io.shadowflow.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.sdk.testing.StepTester;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The test kit runs steps as the engine would, and catches one that a replay would not repeat. */
class StepTesterTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** A price from a quote (an external call) and a seeded discount. */
  static final class QuoteStep implements JavaStep {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String kind() {
      return "quote";
    }

    @Override
    public void validate(JsonNode with, FieldProblems problems) {
      if (!with.path("qty").canConvertToInt() || with.path("qty").asInt() < 1) {
        problems.add("qty", "must be a whole number of at least 1");
      }
    }

    @Override
    public JsonNode run(JsonNode with, StepContext context)
        throws StepFailure, InterruptedException {
      JsonNode quote =
          context.external(
              "quote", () -> JSON.objectNode().put("unit", 7).put("call", calls.incrementAndGet()));
      int discount = context.random().nextInt(10);
      return JSON.numberNode(with.path("qty").asInt() * quote.path("unit").asInt() - discount);
    }
  }

  @Test
  void aDeterministicStepReplaysToTheSameOutputWithoutCallingAgain() throws Exception {
    QuoteStep step = new QuoteStep();
    ObjectNode with = JSON.objectNode().put("qty", 3);
    JsonNode output = StepTester.of(step).seed(7).assertReplays(with);
    assertThat(output.asInt()).isBetween(12, 21);
    assertThat(step.calls).hasValue(1);
  }

  @Test
  void fieldProblemsNameTheirField() {
    assertThat(StepTester.of(new QuoteStep()).problems(JSON.objectNode().put("qty", "x")))
        .containsExactly("qty: must be a whole number of at least 1");
  }

  @Test
  void aStepReadingTheWallClockIsCaught() {
    JavaStep clock =
        new JavaStep() {
          @Override
          public String kind() {
            return "clock";
          }

          @Override
          public JsonNode run(JsonNode with, StepContext context) {
            return JSON.numberNode(System.nanoTime());
          }
        };
    assertThatThrownBy(() -> StepTester.of(clock).assertReplays(JSON.objectNode()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("clock is not deterministic");
  }
}
