package io.shadowflow.engine.golden;

import io.micrometer.core.instrument.Metrics;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.exec.Sleeper;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.model.Problem;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;

/**
 * Executes runs afresh and returns each as a {@link GoldenRecord}: live, or as a replay of a golden
 * record that is served the recorded external results and makes no call. Checkpoints stay in memory
 * and are forgotten before each run, since a replay must execute every step rather than resume. One
 * instance serves one thread.
 */
public final class RecordingExecutor {
  /** Retry backoff costs no wall time here: a hash does not depend on how long a wait took. */
  private static final Sleeper NO_WAIT = duration -> {};

  private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();
  private final WorkflowExecutor executor;
  private final RunOptions live;

  /** Executes without faults, container steps as local processes, with no signals. */
  public RecordingExecutor(HttpClient http) {
    this(http, RunOptions.DEFAULT);
  }

  /**
   * Executes live runs with {@code live}'s faults (each drawn from the run's seed), container
   * runner and signals; replays with its faults.
   */
  public RecordingExecutor(HttpClient http, RunOptions live) {
    this.executor =
        new WorkflowExecutor(store, http, Clock.systemUTC(), NO_WAIT, Metrics.globalRegistry);
    this.live = live;
  }

  /** Runs {@code workflow} live and records it. */
  public GoldenRecord run(CompiledWorkflow workflow) throws InterruptedException {
    return execute(workflow, live);
  }

  /**
   * Replays {@code golden} with {@code workflow}, the workflow it was recorded from.
   *
   * @throws InvalidManifestException when the workflow is not the one the record was made with
   */
  public GoldenRecord replay(CompiledWorkflow workflow, GoldenRecord golden)
      throws InterruptedException {
    CompiledWorkflow seeded = workflow.withSeed(golden.seed());
    if (!golden.recordedFrom(seeded)) {
      throw new InvalidManifestException(
          List.of(
              new Problem(
                  "spec",
                  "workflow "
                      + seeded.namespace()
                      + "/"
                      + seeded.name()
                      + " with definition "
                      + seeded.definitionHash()
                      + " is not the one golden record "
                      + golden.runId()
                      + " was recorded from ("
                      + golden.namespace()
                      + "/"
                      + golden.name()
                      + ", definition "
                      + golden.definitionHash()
                      + "); replay it with that manifest")));
    }
    return execute(seeded, RunOptions.replay(golden.externals()).withFaults(live.faults()));
  }

  /** Replays {@code golden} and compares the replay with it step by step. */
  public ReplayReport replayAndCompare(CompiledWorkflow workflow, GoldenRecord golden)
      throws InterruptedException {
    GoldenRecord actual = replay(workflow, golden);
    return new ReplayReport(golden, actual, RecordComparison.firstDivergence(golden, actual));
  }

  private GoldenRecord execute(CompiledWorkflow workflow, RunOptions options)
      throws InterruptedException {
    store.clear();
    while (true) {
      RunRecorder recorder = new RunRecorder();
      try {
        RunResult result = executor.run(workflow, options, recorder);
        return recorder.record(workflow, result, options.faults().toJson());
      } catch (WorkflowFailure stop) {
        if (!stop.injected()) {
          throw stop;
        }
        // An injected stop (DISK_FULL, OUT_OF_MEMORY) ends only this pass, as it ends an engine
        // process: resume from the checkpoints, where it strikes no more, as a restart would.
      }
    }
  }
}
