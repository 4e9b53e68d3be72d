package io.shadowflow.engine.bench;

import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.CompiledWorkflow;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Workflow runs per second in memory: compile once, then run seed after seed on every thread, each
 * run executing, hashing and checkpointing (in memory) every step.
 */
public final class MemoryBenchmark {
  private static final int RUNS_KEPT = 1_000;

  private final CompiledWorkflow workflow;
  private final int threads;
  private final double seconds;

  public MemoryBenchmark(Path file, int threads, double seconds) {
    this(new WorkflowCompiler().compileFile(file, null), threads, seconds);
  }

  MemoryBenchmark(CompiledWorkflow workflow, int threads, double seconds) {
    this.workflow = workflow;
    this.threads = threads;
    this.seconds = seconds;
  }

  public void run(PrintWriter out) throws Exception {
    InMemoryCheckpointStore[] stores = new InMemoryCheckpointStore[threads];
    WorkflowExecutor[] executors = new WorkflowExecutor[threads];
    for (int t = 0; t < threads; t++) {
      stores[t] = new InMemoryCheckpointStore();
      executors[t] = new WorkflowExecutor(stores[t]);
    }
    Throughput.Work oneRun =
        (worker, i) -> {
          if (i % RUNS_KEPT == 0) {
            stores[worker].clear(); // keep memory flat: old runs are not needed
          }
          long seed = i * threads + worker;
          executors[worker].run(workflow.withSeed(seed), ExecutionListener.NONE);
          return 1;
        };
    Throughput.measure(threads, Math.min(3, seconds), oneRun); // warm up the JIT
    int steps = executors[0].run(workflow.withSeed(-1), ExecutionListener.NONE).stepHashes().size();
    Throughput.Result result = Throughput.measure(threads, seconds, oneRun);
    out.printf(
        "memory: %,d runs of %s (%d steps each) in %.1f s on %d threads: %,.0f workflow runs/s%n",
        result.items(), workflow.name(), steps, result.seconds(), threads, result.perSecond());
    out.flush();
  }
}
