package io.shadowflow.engine.golden;

import io.shadowflow.engine.json.Json;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of a golden record as the store keeps them, parsed on first use. A replay reads them
 * only when a step asks for a recorded call or the replay diverges (a matching workflow hash
 * settles the rest), and parsing every record's steps was most of a replay round's read from
 * PostgreSQL. Immutable, and safe to share between the workers replaying one record.
 */
final class StoredSteps extends AbstractList<GoldenStep> {
  private final String runId;
  private final String json;
  // Two threads may both parse it at once; both get the same steps.
  private volatile List<GoldenStep> parsed;

  StoredSteps(String runId, String json) {
    this.runId = runId;
    this.json = json;
  }

  @Override
  public GoldenStep get(int index) {
    return steps().get(index);
  }

  @Override
  public int size() {
    return steps().size();
  }

  private List<GoldenStep> steps() {
    List<GoldenStep> steps = parsed;
    if (steps == null) {
      steps = parse();
      parsed = steps;
    }
    return steps;
  }

  private List<GoldenStep> parse() {
    List<GoldenStep> steps = new ArrayList<>();
    try {
      Json.parse(json).forEach(step -> steps.add(GoldenStep.fromJson(step)));
    } catch (UncheckedIOException e) {
      throw new IllegalStateException(
          "golden record "
              + runId
              + " holds steps that are not JSON; delete it and record it again",
          e);
    }
    return List.copyOf(steps);
  }
}
