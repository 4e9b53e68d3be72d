package io.shadowflow.engine.shadow;

import io.shadowflow.engine.fault.FaultPlan;
import io.shadowflow.engine.model.CompiledWorkflow;
import java.time.Duration;
import java.util.UUID;

/**
 * What one process of a shadow run does: which workflow, which seeds of its shard, how often, on
 * how many workers, in which mode, for how long.
 *
 * @param shadowRunId shared by every shard of one shadow run
 * @param iterations runs of each seed per cycle
 * @param workers threads that run seeds in this process
 * @param duration null for one cycle; otherwise cycles start every {@code interval} until it ends
 * @param cpuStress busy threads kept running beside the workers, 0 for none
 * @param faults faults every execution injects, drawn from its seed; golden records keep the plan
 * @param firstCycle the cycle to run (the operator numbers them); null for the one after the last
 *     finished cycle
 */
public record ShadowPlan(
    String shadowRunId,
    CompiledWorkflow workflow,
    SeedRange seeds,
    int iterations,
    int workers,
    ShadowMode mode,
    Shard shard,
    Duration duration,
    Duration interval,
    int cpuStress,
    FaultPlan faults,
    Integer firstCycle) {

  public ShadowPlan {
    if (shadowRunId == null || shadowRunId.isBlank()) {
      throw new IllegalArgumentException("shadow run id: required, e.g. " + newId());
    }
    atLeast("iterations", iterations, 1);
    atLeast("workers", workers, 1);
    atLeast("cpuStress", cpuStress, 0);
    if (firstCycle != null) {
      atLeast("cycle", firstCycle, 0);
    }
    if (duration != null && (interval == null || interval.isZero() || interval.isNegative())) {
      throw new IllegalArgumentException(
          "interval: a continuous run (with a duration) needs a positive interval, e.g. 30s");
    }
    if (shard.seeds(seeds).length == 0) {
      throw new IllegalArgumentException(
          "shard " + shard + " gets no seed of " + seeds + ": use fewer shards than seeds");
    }
    faults = faults == null ? FaultPlan.NONE : faults;
  }

  private static void atLeast(String field, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be at least " + min + ", got " + value);
    }
  }

  /** A fresh shadow run id, for runs nobody named. */
  public static String newId() {
    return "shadow-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public boolean continuous() {
    return duration != null;
  }

  /** The iterations of one cycle of this shard. */
  public long iterationsPerCycle() {
    return (long) shard.seeds(seeds).length * iterations;
  }
}
