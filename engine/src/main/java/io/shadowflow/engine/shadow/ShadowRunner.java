package io.shadowflow.engine.shadow;

import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.golden.GoldenRecord;
import io.shadowflow.engine.golden.GoldenStore;
import io.shadowflow.engine.golden.RecordingExecutor;
import io.shadowflow.engine.model.CompiledWorkflow;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one process's share of a shadow run: cycle after cycle, every seed of its shard {@code
 * iterations} times across its worker threads, each seed's iterations on different workers, and
 * hands each seed's verdict to the {@link ShadowResults}.
 */
public final class ShadowRunner {
  // Fewer records than this a worker are read by fewer workers: a query has its fixed cost.
  private static final int MIN_RECORDS_PER_READ = 500;

  private final ShadowPlan plan;
  private final GoldenStore goldens;
  private final ShadowResults results;
  private final ShadowProgress progress;
  private final RecordingExecutor[] executors;
  private final long[] seeds;
  private final Map<Long, GoldenRecord> goldenCache = new HashMap<>();

  public ShadowRunner(
      ShadowPlan plan,
      GoldenStore goldens,
      ShadowResults results,
      ShadowProgress progress,
      HttpClient http,
      RunOptions live) {
    this.plan = plan;
    this.goldens = goldens;
    this.results = results;
    this.progress = progress;
    this.seeds = plan.shard().seeds(plan.seeds());
    this.executors = new RecordingExecutor[plan.workers()];
    for (int w = 0; w < executors.length; w++) {
      executors[w] = new RecordingExecutor(http, live.withFaults(plan.faults()));
    }
  }

  /** Runs every cycle of the plan and returns the shadow run's summary. */
  public ShadowSummary run() throws InterruptedException {
    int cycle = results.open(plan);
    Instant end = plan.continuous() ? Instant.now().plus(plan.duration()) : null;
    ExecutorService workers =
        Executors.newFixedThreadPool(
            plan.workers(), DaemonThreads.named("shadowflow-shadow-worker"));
    try (CpuStress stress = CpuStress.start(plan.cpuStress())) {
      while (true) {
        Instant started = Instant.now();
        Set<Long> done = results.cycleStarted(plan.shadowRunId(), cycle, started);
        CycleStats stats = runCycle(workers, cycle++, remaining(done), started);
        results.cycleFinished(stats);
        progress.cycleFinished(stats);
        if (!plan.continuous()) {
          break;
        }
        Instant next = started.plus(plan.interval());
        if (!next.isBefore(end)) {
          break;
        }
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), next).toMillis()));
      }
    } finally {
      workers.shutdownNow();
    }
    return results.summary(plan.shadowRunId());
  }

  /** This shard's seeds without a stored result in the cycle: what a restarted cycle has left. */
  private long[] remaining(Set<Long> done) {
    return Arrays.stream(seeds).filter(seed -> !done.contains(seed)).toArray();
  }

  private CycleStats runCycle(
      ExecutorService workers, int cycle, long[] cycleSeeds, Instant started)
      throws InterruptedException {
    long recorded = plan.mode().replays() ? ensureGoldens(workers) : 0;
    long iterations = (long) cycleSeeds.length * plan.iterations();
    progress.cycleStarted(cycle, iterations);
    SeedRuns[] runs = new SeedRuns[cycleSeeds.length];
    for (int i = 0; i < cycleSeeds.length; i++) {
      runs[i] = new SeedRuns(cycleSeeds[i], goldenCache.get(cycleSeeds[i]), plan.iterations());
    }
    AtomicInteger mismatches = new AtomicInteger();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int w = 0; w < plan.workers(); w++) {
      int worker = w;
      tasks.add(
          () -> {
            runIterations(worker, runs, cycle, mismatches);
            return null;
          });
    }
    invokeAll(workers, tasks);
    return new CycleStats(
        plan.shadowRunId(),
        plan.shard().index(),
        cycle,
        cycleSeeds.length,
        iterations,
        mismatches.get(),
        recorded,
        started,
        Instant.now());
  }

  /**
   * Worker {@code w} runs iteration {@code it} of the seed at {@code i} when {@code (i + it) mod W
   * = w}: a seed's iterations land on different workers, and every worker gets an equal share.
   */
  private void runIterations(int worker, SeedRuns[] runs, int cycle, AtomicInteger mismatches)
      throws InterruptedException {
    RecordingExecutor executor = executors[worker];
    int workerCount = plan.workers();
    CompiledWorkflow workflow = plan.workflow();
    for (int i = 0; i < runs.length; i++) {
      SeedRuns seed = runs[i];
      for (int it = 0; it < plan.iterations(); it++) {
        if ((i + it) % workerCount != worker) {
          continue;
        }
        if (Thread.interrupted()) {
          throw new InterruptedException("shadow cycle cancelled");
        }
        long start = System.nanoTime();
        GoldenRecord record =
            seed.golden() == null
                ? executor.run(workflow.withSeed(seed.seed()))
                : executor.replay(workflow, seed.golden());
        if (seed.add(it, worker, record, System.nanoTime() - start)) {
          SeedResult result = seed.judge(plan.mode());
          mismatches.addAndGet(result.mismatches());
          results.add(plan.shadowRunId(), plan.shard().index(), cycle, result);
          progress.seedFinished(result);
        }
      }
    }
  }

  /**
   * Makes sure every seed of the shard has a golden record: reads the stored ones once, and records
   * the missing ones with a live run each.
   *
   * @return how many records this shard recorded now
   */
  private long ensureGoldens(ExecutorService workers) throws InterruptedException {
    CompiledWorkflow workflow = plan.workflow();
    Map<String, Long> missing = new HashMap<>();
    for (long seed : seeds) {
      if (!goldenCache.containsKey(seed)) {
        missing.put(GoldenRecord.runIdOf(workflow.withSeed(seed)), seed);
      }
    }
    if (missing.isEmpty()) {
      return 0;
    }
    findStored(workers, List.copyOf(missing.keySet()))
        .forEach((runId, record) -> goldenCache.put(missing.remove(runId), record));
    long[] toRecord = missing.values().stream().mapToLong(Long::longValue).sorted().toArray();
    GoldenRecord[] recordedNow = new GoldenRecord[toRecord.length];
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int w = 0; w < plan.workers(); w++) {
      int worker = w;
      tasks.add(
          () -> {
            for (int i = worker; i < toRecord.length; i += plan.workers()) {
              recordedNow[i] = executors[worker].run(workflow.withSeed(toRecord[i]));
            }
            return null;
          });
    }
    invokeAll(workers, tasks);
    long recorded = 0;
    for (var write : goldens.recordAll(List.of(recordedNow))) {
      goldenCache.put(write.stored().seed(), write.stored());
      recorded += write.recorded() ? 1 : 0;
    }
    return recorded;
  }

  /**
   * The stored records of {@code runIds}, a share read by each worker: parsing them is most of the
   * read, and one thread parsing 7,500 of them left the other cores idle before any replay began.
   */
  private Map<String, GoldenRecord> findStored(ExecutorService workers, List<String> runIds)
      throws InterruptedException {
    int shares = Math.min(plan.workers(), Math.max(1, runIds.size() / MIN_RECORDS_PER_READ));
    List<Map<String, GoldenRecord>> found = new ArrayList<>(Collections.nCopies(shares, Map.of()));
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int share = 0; share < shares; share++) {
      List<String> ids =
          runIds.subList(runIds.size() * share / shares, runIds.size() * (share + 1) / shares);
      int index = share;
      tasks.add(
          () -> {
            found.set(index, goldens.findAll(ids));
            return null;
          });
    }
    invokeAll(workers, tasks);
    Map<String, GoldenRecord> all = new HashMap<>();
    found.forEach(all::putAll);
    return all;
  }

  /** Runs the tasks on the workers; the first failure cancels the others and is thrown. */
  private static void invokeAll(ExecutorService workers, List<Callable<Void>> tasks)
      throws InterruptedException {
    ExecutorCompletionService<Void> completion = new ExecutorCompletionService<>(workers);
    List<Future<Void>> running = new ArrayList<>();
    tasks.forEach(task -> running.add(completion.submit(task)));
    try {
      for (int i = 0; i < tasks.size(); i++) {
        completion.take().get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WorkflowFailure failure) {
        throw failure;
      }
      throw new WorkflowFailure(
          FailureCode.INTERNAL_ERROR, "a shadow worker failed: " + e.getCause(), e.getCause());
    } finally {
      running.forEach(task -> task.cancel(true));
    }
  }
}
