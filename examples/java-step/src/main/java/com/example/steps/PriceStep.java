package com.example.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.shadowflow.sdk.FieldProblems;
import io.shadowflow.sdk.JavaStep;
import io.shadowflow.sdk.StepContext;
import io.shadowflow.sdk.StepFailure;

/**
 * {@code kind: price}: prices the run's order lines. {@code with.unit} is the unit price in cents,
 * {@code with.discountUpTo} the largest discount drawn (from the step's seeded stream, so a replay
 * draws the same).
 */
public final class PriceStep implements JavaStep {
  @Override
  public String kind() {
    return "price";
  }

  /** It reads only its fields, the run's input and its seeded stream: no call out. */
  @Override
  public boolean onlyComputes() {
    return true;
  }

  @Override
  public void validate(JsonNode with, FieldProblems problems) {
    if (!with.path("unit").canConvertToInt() || with.path("unit").asInt() < 1) {
      problems.add("unit", "must be the unit price in cents, at least 1, e.g. unit: 250");
    }
    JsonNode discount = with.path("discountUpTo");
    if (!discount.isMissingNode() && (!discount.canConvertToInt() || discount.asInt() < 0)) {
      problems.add("discountUpTo", "must be a whole number of cents, 0 or more");
    }
  }

  @Override
  public JsonNode run(JsonNode with, StepContext context) throws StepFailure {
    JsonNode lines = context.input().path("lines");
    if (!lines.isArray()) {
      throw new StepFailure("the run's input has no list 'lines' to price", false);
    }
    long cents = 0;
    for (JsonNode line : lines) {
      cents += line.path("qty").asLong() * with.path("unit").asLong();
    }
    int discountUpTo = with.path("discountUpTo").asInt(0);
    long discount = discountUpTo == 0 ? 0 : context.random().nextInt(discountUpTo + 1);
    return JsonNodeFactory.instance
        .objectNode()
        .put("lines", lines.size())
        .put("cents", cents - discount)
        .put("discount", discount);
  }
}
