package com.example.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shadowflow.sdk.StepFailure;
import io.shadowflow.sdk.testing.StepTester;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The step tested with the SDK's test kit, without an engine. */
class PriceStepTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void pricesEveryLineLessADiscountAReplayDrawsAgain() throws Exception {
    JsonNode output =
        StepTester.of(new PriceStep())
            .input(json("{\"lines\": [{\"qty\": 2}, {\"qty\": 3}]}"))
            .assertReplays(json("{\"unit\": 250, \"discountUpTo\": 100}"));
    assertEquals(2, output.path("lines").asInt());
    long discount = output.path("discount").asLong();
    assertTrue(discount >= 0 && discount <= 100);
    assertEquals(1250 - discount, output.path("cents").asLong());
  }

  @Test
  void badFieldsAreNamed() throws Exception {
    assertEquals(
        List.of(
            "unit: must be the unit price in cents, at least 1, e.g. unit: 250",
            "discountUpTo: must be a whole number of cents, 0 or more"),
        StepTester.of(new PriceStep()).problems(json("{\"unit\": 0, \"discountUpTo\": -1}")));
  }

  @Test
  void anInputWithoutLinesFailsForGood() throws Exception {
    StepFailure failure =
        assertThrows(
            StepFailure.class,
            () -> StepTester.of(new PriceStep()).run(json("{\"unit\": 250}"), 1));
    assertEquals(false, failure.retryable());
  }
}
