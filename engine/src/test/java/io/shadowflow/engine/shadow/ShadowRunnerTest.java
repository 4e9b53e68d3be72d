package io.shadowflow.engine.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.fault.FaultPlan;
import io.shadowflow.engine.golden.GoldenRecord;
import io.shadowflow.engine.golden.GoldenStore;
import io.shadowflow.engine.golden.GoldenWrite;
import io.shadowflow.engine.golden.InMemoryGoldenStore;
import io.shadowflow.engine.golden.PostgresGoldenStore;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import io.shadowflow.engine.testing.Workflows;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShadowRunnerTest {
  /** A store that counts what each read found and what was offered for recording. */
  private static final class CountingGoldenStore implements GoldenStore {
    final List<Integer> foundPerRead = Collections.synchronizedList(new ArrayList<>());
    final List<GoldenRecord> offered = Collections.synchronizedList(new ArrayList<>());
    private final GoldenStore stored;

    CountingGoldenStore(GoldenStore stored) {
      this.stored = stored;
    }

    @Override
    public List<GoldenWrite> recordAll(List<GoldenRecord> records) {
      offered.addAll(records);
      return stored.recordAll(records);
    }

    @Override
    public Map<String, GoldenRecord> findAll(Collection<String> runIds) {
      Map<String, GoldenRecord> found = stored.findAll(runIds);
      foundPerRead.add(found.size());
      return found;
    }
  }

  private final CompiledWorkflow reference = Manifests.compileExample("reference-workflow.yaml");
  private Database database;

  @BeforeEach
  void setUp() {
    database = TestDatabase.fresh();
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  private static ShadowPlan plan(
      String id, CompiledWorkflow workflow, String seeds, ShadowMode mode, Shard shard) {
    return new ShadowPlan(
        id,
        workflow,
        SeedRange.parse(seeds),
        3,
        3,
        mode,
        shard,
        null,
        null,
        0,
        FaultPlan.NONE,
        null);
  }

  private static ShadowSummary runInMemory(ShadowPlan plan) throws InterruptedException {
    try (ShadowResults results = new InMemoryShadowResults()) {
      return run(plan, new InMemoryGoldenStore(), results, ShadowProgress.NONE);
    }
  }

  private static ShadowSummary run(
      ShadowPlan plan, GoldenStore goldens, ShadowResults results, ShadowProgress progress)
      throws InterruptedException {
    return new ShadowRunner(
            plan,
            goldens,
            results,
            progress,
            WorkflowExecutor.defaultHttpClient(),
            RunOptions.DEFAULT)
        .run();
  }

  private ShadowSummary runInPostgres(ShadowPlan plan) throws InterruptedException {
    try (ShadowResults results = new PostgresShadowResults(database.dataSource())) {
      return run(
          plan, new PostgresGoldenStore(database.dataSource()), results, ShadowProgress.NONE);
    }
  }

  @Test
  void everySeedHashesTheSameOnEveryWorker() throws Exception {
    Set<String> workersPerSeed = ConcurrentHashMap.newKeySet();
    ShadowProgress progress =
        new ShadowProgress() {
          @Override
          public void seedFinished(SeedResult result) {
            workersPerSeed.add(result.seed() + "/" + result.iterations());
          }
        };
    ShadowSummary summary;
    try (ShadowResults results = new InMemoryShadowResults()) {
      summary =
          run(
              plan("s", reference, "0..40", ShadowMode.crossWorker, Shard.ALL),
              new InMemoryGoldenStore(),
              results,
              progress);
    }
    assertThat(summary.cycles()).isEqualTo(1);
    assertThat(summary.workflowsReplayed()).isEqualTo(120);
    assertThat(summary.mismatches()).isZero();
    assertThat(summary.lastMismatch()).isNull();
    assertThat(summary.deterministic()).isTrue();
    assertThat(workersPerSeed).hasSize(40);
    assertThat(summary.timings().p50Millis()).isPositive();
    assertThat(summary.timings().p99Millis()).isGreaterThanOrEqualTo(summary.timings().p50Millis());
  }

  @Test
  void aNonDeterministicStepIsCaughtAcrossWorkersAtExactlyThatStep() throws Exception {
    ShadowSummary summary =
        runInPostgres(
            plan(
                "drift-x",
                Workflows.nonDeterministicAtStep2(),
                "0..20",
                ShadowMode.crossWorker,
                Shard.ALL));

    assertThat(summary.mismatches()).isEqualTo(40); // iterations 1 and 2 of every seed
    ShadowSummary.LastMismatch last = summary.lastMismatch();
    assertThat(last.firstDivergingStep()).isEqualTo("steps/2");
    assertThat(last.check()).isEqualTo("crossWorker");
    assertThat(last.expectedHash()).isNotEqualTo(last.actualHash());
    assertThat(last.report()).contains("first diverging step: steps/2 (clock)", "--- expected");
    assertThat(query("SELECT DISTINCT first_diverging_step FROM shadow_mismatches"))
        .containsExactly("steps/2");
    assertThat(query("SELECT count(*) FROM shadow_mismatches")).containsExactly("20");
    // Iteration i of seed s ran on worker (s + i) mod 3: never on the worker of iteration 0.
    assertThat(query("SELECT DISTINCT worker = (seed + iteration) % 3 FROM shadow_mismatches"))
        .containsExactly("t");
  }

  @Test
  void replayRecordsMissingGoldenRecordsThenReplaysEveryIterationAgainstThem() throws Exception {
    ShadowSummary first =
        runInPostgres(plan("r1", reference, "100..130", ShadowMode.replay, Shard.ALL));
    ShadowSummary second =
        runInPostgres(plan("r2", reference, "100..130", ShadowMode.replay, Shard.ALL));

    assertThat(first.goldenRecorded()).isEqualTo(30);
    assertThat(second.goldenRecorded()).isZero();
    assertThat(first.mismatches()).isZero();
    assertThat(second.mismatches()).isZero();
    assertThat(second.workflowsReplayed()).isEqualTo(90);
    assertThat(query("SELECT count(*) FROM golden_records")).containsExactly("30");
    assertThat(
            query(
                "SELECT count(*) FROM shadow_results r JOIN golden_records g USING (run_id)"
                    + " WHERE r.expected_hash = g.workflow_hash AND r.shadow_run_id = 'r2'"))
        .containsExactly("30");
  }

  @Test
  void storedGoldenRecordsAreReadInSharesByTheWorkersAndEachIsFound() throws Exception {
    ShadowSummary first =
        runInPostgres(plan("s1", reference, "0..1000", ShadowMode.replay, Shard.ALL));
    var counting = new CountingGoldenStore(new PostgresGoldenStore(database.dataSource()));
    ShadowSummary second;
    try (ShadowResults results = new PostgresShadowResults(database.dataSource())) {
      second =
          run(
              plan("s2", reference, "0..1000", ShadowMode.replay, Shard.ALL),
              counting,
              results,
              ShadowProgress.NONE);
    }

    assertThat(first.goldenRecorded()).isEqualTo(1000);
    assertThat(counting.foundPerRead).hasSizeGreaterThan(1).allMatch(found -> found > 0);
    assertThat(counting.foundPerRead.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
    assertThat(counting.offered).isEmpty();
    assertThat(second.mismatches()).isZero();
    assertThat(
            query(
                "SELECT count(*) FROM shadow_results r JOIN golden_records g USING (run_id)"
                    + " WHERE r.expected_hash = g.workflow_hash AND r.shadow_run_id = 's2'"))
        .containsExactly("1000");
  }

  @Test
  void aNonDeterministicStepIsCaughtByReplayAtExactlyThatStep() throws Exception {
    ShadowSummary summary =
        runInMemory(
            plan(
                "drift-r",
                Workflows.nonDeterministicAtStep2(),
                "0..10",
                ShadowMode.replay,
                Shard.ALL));
    assertThat(summary.mismatches()).isEqualTo(30);
    assertThat(summary.lastMismatch().check()).isEqualTo("replay");
    assertThat(summary.lastMismatch().firstDivergingStep()).isEqualTo("steps/2");
  }

  @Test
  void branchingWorkflowsHashTheSameAcrossWorkersAndAgainstTheirGoldenRecords() throws Exception {
    CompiledWorkflow branching = Manifests.compileExample("branching-workflow.yaml");

    ShadowSummary crossWorker =
        runInPostgres(plan("b-x", branching, "0..6", ShadowMode.crossWorker, Shard.ALL));
    ShadowSummary recorded =
        runInPostgres(plan("b-r1", branching, "0..6", ShadowMode.replay, Shard.ALL));
    ShadowSummary replayed =
        runInPostgres(plan("b-r2", branching, "0..6", ShadowMode.replay, Shard.ALL));

    assertThat(crossWorker.workflowsReplayed()).isEqualTo(18);
    assertThat(crossWorker.mismatches()).isZero();
    assertThat(recorded.goldenRecorded()).isEqualTo(6);
    assertThat(replayed.goldenRecorded()).isZero();
    assertThat(replayed.mismatches()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"true, steps/0/branches/b/steps/1", "false, steps/1/items/1/steps/0"})
  void aNonDeterministicStepInABranchOrALoopIsCaughtAtItsExactPath(boolean inABranch, String path)
      throws Exception {
    CompiledWorkflow drifting = Workflows.nonDeterministicInside(inABranch);
    ShadowSummary crossWorker =
        runInPostgres(plan("tree-x", drifting, "0..5", ShadowMode.crossWorker, Shard.ALL));
    ShadowSummary replay =
        runInMemory(plan("tree-r", drifting, "0..5", ShadowMode.replay, Shard.ALL));

    assertThat(crossWorker.mismatches()).isEqualTo(10);
    assertThat(crossWorker.lastMismatch().firstDivergingStep()).isEqualTo(path);
    assertThat(replay.lastMismatch().firstDivergingStep()).isEqualTo(path);
  }

  @Test
  void bothModeNamesTheCheckThatFailed() throws Exception {
    ShadowSummary summary =
        runInMemory(
            plan(
                "drift-b",
                Workflows.nonDeterministicAtStep2(),
                "0..10",
                ShadowMode.both,
                Shard.ALL));
    assertThat(summary.mismatches()).isEqualTo(30);
    // Iteration 0 can only differ from the golden record; the others differ from iteration 0 first.
    assertThat(summary.lastMismatch().check()).isEqualTo("replay");
    assertThat(summary.lastMismatch().iteration()).isZero();
    assertThat(summary.lastMismatch().firstDivergingStep()).isEqualTo("steps/2");
    assertThat(
            runInMemory(plan("ok-b", reference, "0..10", ShadowMode.both, Shard.ALL)).mismatches())
        .isZero();
  }

  @Test
  void shardsSplitTheSeedsOfOneShadowRun() throws Exception {
    List<ShadowSummary> summaries = new ArrayList<>();
    for (int index = 0; index < 3; index++) {
      summaries.add(
          runInPostgres(
              plan("sharded", reference, "0..50", ShadowMode.crossWorker, new Shard(index, 3))));
    }
    ShadowSummary all = summaries.get(2);
    assertThat(all.cycles()).isEqualTo(1);
    assertThat(all.workflowsReplayed()).isEqualTo(150);
    assertThat(query("SELECT count(DISTINCT seed), min(seed), max(seed) FROM shadow_results"))
        .containsExactly("50", "0", "49");
    assertThat(query("SELECT count(*), sum(seeds) FROM shadow_cycles"))
        .as("one row per cycle, whatever the shards")
        .containsExactly("1", "50");
  }

  /** Cycle 0 of seeds 0..60 as the operator starts it, on shard {@code shard}. */
  private ShadowPlan cycleZero(Shard shard) {
    return new ShadowPlan(
        "restarted",
        reference,
        SeedRange.parse("0..60"),
        3,
        3,
        ShadowMode.crossWorker,
        shard,
        null,
        null,
        0,
        FaultPlan.NONE,
        0);
  }

  /** Runs {@code plan} writing results two at a time, and kills it after six seeds. */
  private void killMidCycle(ShadowPlan plan) {
    AtomicInteger finished = new AtomicInteger();
    ShadowProgress dying =
        new ShadowProgress() {
          @Override
          public void seedFinished(SeedResult result) {
            if (finished.incrementAndGet() == 6) {
              throw new IllegalStateException("killed");
            }
          }
        };
    try (ShadowResults results = new PostgresShadowResults(database.dataSource(), 2)) {
      assertThatThrownBy(
              () -> run(plan, new PostgresGoldenStore(database.dataSource()), results, dying))
          .hasMessageContaining("killed");
    }
  }

  @Test
  void aWorkerKilledMidCycleAndRestartedFinishesTheCycle() throws Exception {
    killMidCycle(cycleZero(Shard.ALL));
    assertThat(Integer.parseInt(query("SELECT count(*) FROM shadow_results").get(0)))
        .as("part of the cycle is stored")
        .isBetween(1, 59);

    ShadowSummary summary = runInPostgres(cycleZero(Shard.ALL));

    assertThat(summary.cycles()).isEqualTo(1);
    assertThat(summary.workflowsReplayed()).isEqualTo(180);
    assertThat(summary.mismatches()).isZero();
    assertThat(query("SELECT count(*), count(DISTINCT seed), max(cycle) FROM shadow_results"))
        .containsExactly("60", "60", "0");
  }

  @Test
  void aCycleReshardedToMoreWorkersFinishesWithEverySeedOnce() throws Exception {
    killMidCycle(cycleZero(new Shard(0, 2)));

    ShadowSummary summary = null;
    for (int index = 0; index < 3; index++) {
      summary = runInPostgres(cycleZero(new Shard(index, 3)));
    }

    assertThat(summary.cycles()).isEqualTo(1);
    assertThat(summary.workflowsReplayed()).isEqualTo(180);
    assertThat(query("SELECT count(*), count(DISTINCT seed) FROM shadow_results"))
        .containsExactly("60", "60");
    assertThat(query("SELECT seeds, iterations, finished_at IS NOT NULL FROM shadow_cycles"))
        .containsExactly("60", "180", "t");
  }

  @Test
  void continuousModeRunsCycleAfterCycleAndKeepsEach() throws Exception {
    ShadowPlan continuous =
        new ShadowPlan(
            "nightly",
            reference,
            SeedRange.parse("0..20"),
            2,
            2,
            ShadowMode.crossWorker,
            Shard.ALL,
            Duration.ofMillis(1_200),
            Duration.ofMillis(300),
            1,
            FaultPlan.NONE,
            null);
    ShadowSummary summary = runInPostgres(continuous);

    assertThat(summary.cycles())
        .isBetween(2, 5); // 1.2 s every 0.3 s, however loaded the machine is
    assertThat(summary.workflowsReplayed()).isEqualTo(40L * summary.cycles());
    assertThat(summary.mismatches()).isZero();
    assertThat(query("SELECT count(DISTINCT cycle) FROM shadow_results"))
        .containsExactly(String.valueOf(summary.cycles()));
  }

  @Test
  void resultsOfOnlyTheNewestCyclesAreKeptAndTheTotalsOfAll() throws Exception {
    ShadowPlan oneCycle = plan("bounded", reference, "0..20", ShadowMode.crossWorker, Shard.ALL);
    for (int cycle = 0; cycle < 4; cycle++) { // each run is the cycle after the last finished one
      try (ShadowResults results = PostgresShadowResults.keepingCycles(database.dataSource(), 2)) {
        run(oneCycle, new PostgresGoldenStore(database.dataSource()), results, ShadowProgress.NONE);
      }
    }

    assertThat(query("SELECT DISTINCT cycle FROM shadow_results ORDER BY cycle"))
        .containsExactly("2", "3");
    assertThat(query("SELECT count(*), sum(iterations) FROM shadow_cycles"))
        .containsExactly("4", String.valueOf(4 * 20 * 3));
  }

  @Test
  void aRestartedShardGoesOnCountingCycles() throws Exception {
    runInPostgres(plan("again", reference, "0..5", ShadowMode.crossWorker, Shard.ALL));
    ShadowSummary summary =
        runInPostgres(plan("again", reference, "0..5", ShadowMode.crossWorker, Shard.ALL));
    assertThat(summary.cycles()).isEqualTo(2);
  }

  @Test
  void cpuStressLeavesEveryHashUnchanged() throws Exception {
    ShadowPlan stressed =
        new ShadowPlan(
            "stressed",
            reference,
            SeedRange.parse("0..100"),
            3,
            3,
            ShadowMode.crossWorker,
            Shard.ALL,
            null,
            null,
            4,
            FaultPlan.NONE,
            null);
    assertThat(runInMemory(stressed).mismatches()).isZero();
  }

  private List<String> query(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      while (rows.next()) {
        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
          values.add(rows.getString(i));
        }
      }
    }
    return values;
  }
}
