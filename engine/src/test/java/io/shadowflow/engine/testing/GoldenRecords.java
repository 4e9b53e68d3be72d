package io.shadowflow.engine.testing;

import io.shadowflow.engine.golden.GoldenRecord;
import io.shadowflow.engine.golden.GoldenStep;
import io.shadowflow.engine.json.Json;
import java.util.ArrayList;
import java.util.List;

/** Altered copies of golden records, for tests of comparison, storage and retention. */
public final class GoldenRecords {
  private GoldenRecords() {}

  /** {@code r} with {@code step} at {@code index}, and so another workflow hash. */
  public static GoldenRecord withStep(GoldenRecord r, int index, GoldenStep step) {
    List<GoldenStep> steps = new ArrayList<>(r.steps());
    steps.set(index, step);
    return copy(r, r.runId(), r.namespace(), r.name(), steps, "f".repeat(64));
  }

  /** {@code r} under another run id, with a last step output that tells {@code version} apart. */
  public static GoldenRecord renamed(GoldenRecord r, String runId, int version) {
    GoldenStep last = r.steps().get(r.steps().size() - 1);
    GoldenStep marked =
        new GoldenStep(
            last.seq(),
            last.path(),
            last.name(),
            last.kind(),
            last.input(),
            Json.NODES.numberNode(version),
            null,
            String.format("%064d", version));
    List<GoldenStep> steps = new ArrayList<>(r.steps());
    steps.set(steps.size() - 1, marked);
    return copy(r, runId, r.namespace(), r.name(), steps, String.format("%064x", version));
  }

  /** {@code r} as a record of the workflow named {@code name}. */
  public static GoldenRecord inWorkflow(GoldenRecord r, String name) {
    return inWorkflow(r, r.namespace(), name);
  }

  /** {@code r} as a record of the workflow {@code namespace/name}. */
  public static GoldenRecord inWorkflow(GoldenRecord r, String namespace, String name) {
    return copy(r, r.runId(), namespace, name, r.steps(), r.workflowHash());
  }

  private static GoldenRecord copy(
      GoldenRecord r,
      String runId,
      String namespace,
      String name,
      List<GoldenStep> steps,
      String workflowHash) {
    return new GoldenRecord(
        runId,
        namespace,
        name,
        r.workflowType(),
        r.seed(),
        r.definitionHash(),
        steps,
        r.success(),
        r.errorCode(),
        r.failedStep(),
        r.failedStepExternal(),
        workflowHash,
        r.build(),
        r.faultPlan(),
        r.recordedAt());
  }
}
