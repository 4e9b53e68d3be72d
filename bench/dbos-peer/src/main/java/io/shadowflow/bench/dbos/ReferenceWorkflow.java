package io.shadowflow.bench.dbos;

import dev.dbos.transact.DBOS;
import dev.dbos.transact.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * shadowflow's reference workflow (examples/reference-workflow.yaml) written for DBOS: the same
 * five steps, each checkpointed by DBOS in its system database before the next one runs.
 */
public interface ReferenceWorkflow {
  /** Runs the five steps on {@code {item, qty}}; {@code seed} drives the random pick. */
  Map<String, Object> run(String item, int qty, long seed);

  /** The implementation: DBOS wraps it in a proxy that makes {@link #run} durable. */
  final class Impl implements ReferenceWorkflow {
    private static final List<String> CHOICE = List.of("red", "green", "blue");

    private final DBOS dbos;

    Impl(DBOS dbos) {
      this.dbos = dbos;
    }

    @Workflow(name = "reference")
    @Override
    public Map<String, Object> run(String item, int qty, long seed) {
      // transform: {"price": input.qty * 3}
      Map<String, Integer> price = dbos.runStep(() -> Map.of("price", qty * 3), "price");
      // random: a pick from [red, green, blue], seeded per workflow; the checkpointed step
      // output is what makes it replay the same on recovery.
      String pick =
          dbos.runStep(() -> CHOICE.get(new SplittableRandom(seed).nextInt(CHOICE.size())), "pick");
      // transform: input.item + "/" + steps.pick.output
      String label = dbos.runStep(() -> item + "/" + pick, "label");
      // sleep 0s: DBOS's durable sleep, which checkpoints its wake-up time like a step does.
      dbos.sleep(Duration.ZERO);
      // transform: {"label": ..., "total": steps.price.output.price}
      return dbos.runStep(
          () -> Map.<String, Object>of("label", label, "total", price.get("price")), "receipt");
    }
  }
}
