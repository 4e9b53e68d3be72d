package io.shadowflow.engine.golden;

import static io.shadowflow.engine.testing.GoldenRecords.inWorkflow;
import static io.shadowflow.engine.testing.GoldenRecords.renamed;
import static io.shadowflow.engine.testing.GoldenRecords.withStep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.run.EngineBuild;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresGoldenStoreTest {
  private final RecordingExecutor executor =
      new RecordingExecutor(WorkflowExecutor.defaultHttpClient());
  private final CompiledWorkflow reference = Manifests.compileExample("reference-workflow.yaml");
  private Database database;
  private PostgresGoldenStore store;

  @BeforeEach
  void setUp() {
    database = TestDatabase.fresh();
    store = new PostgresGoldenStore(database.dataSource());
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  @Test
  void recordsOnceThenComparesEveryLaterWrite() throws Exception {
    GoldenRecord golden = executor.run(reference);
    GoldenWrite first = store.record(golden);
    GoldenWrite again = store.record(executor.run(reference));
    GoldenRecord drifted = withStep(golden, 2, golden.steps().get(0));
    GoldenWrite diverged = store.record(drifted);

    assertThat(first.describe()).isEqualTo("recorded");
    assertThat(again.describe()).isEqualTo("matched");
    assertThat(diverged.describe()).isEqualTo("diverged");
    assertThat(diverged.divergence().orElseThrow().at()).isEqualTo("steps/2");
    GoldenRecord stored = store.find(golden.runId()).orElseThrow();
    assertThat(stored.stepsJson()).isEqualTo(golden.stepsJson());
    assertThat(stored.workflowHash()).isEqualTo(golden.workflowHash());
    assertThat(stored.build()).isEqualTo(EngineBuild.current());
    assertThat(stored.build().commit()).matches("[0-9a-f]{40}|unknown");
    assertThat(stored.faultPlan()).isNull();
    assertThat(stored.recordedAt()).isNotNull();
  }

  @Test
  void concurrentWritersOfOneRecordLeaveExactlyOneOfThemWhole() throws Exception {
    GoldenRecord base = executor.run(reference);
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < 10; round++) {
        // Every writer offers a different version of the same run: any mix would show.
        List<GoldenRecord> versions = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          versions.add(renamed(base, "run-round-" + round, w));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<GoldenWrite>> writes = new ArrayList<>();
        for (GoldenRecord version : versions) {
          writes.add(
              pool.submit(
                  () -> {
                    start.await();
                    return store.record(version);
                  }));
        }
        start.countDown();
        List<GoldenWrite> results = new ArrayList<>();
        for (Future<GoldenWrite> write : writes) {
          results.add(write.get());
        }

        assertThat(results).filteredOn(GoldenWrite::recorded).hasSize(1);
        GoldenRecord winner =
            results.stream().filter(GoldenWrite::recorded).findFirst().orElseThrow().stored();
        GoldenRecord stored = store.find("run-round-" + round).orElseThrow();
        assertThat(stored.stepsJson()).isEqualTo(winner.stepsJson());
        assertThat(stored.workflowHash()).isEqualTo(winner.workflowHash());
        assertThat(results)
            .filteredOn(write -> !write.recorded())
            .allSatisfy(
                write -> {
                  assertThat(write.stored().stepsJson()).isEqualTo(winner.stepsJson());
                  assertThat(write.divergence()).isPresent();
                });
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStoredRecordCannotBeUpdated() throws Exception {
    GoldenRecord golden = executor.run(reference);
    store.record(golden);
    try (Connection connection = database.dataSource().getConnection()) {
      assertThatThrownBy(
              () ->
                  connection
                      .createStatement()
                      .executeUpdate("UPDATE golden_records SET workflow_hash = workflow_hash"))
          .hasMessageContaining("is immutable");
    }
  }

  /**
   * A replay reads a stored record's steps only when it needs them: one whose workflow hash matches
   * settles without them, one that diverges reads them, and steps that are not JSON are named with
   * the record and the fix.
   */
  @Test
  void storedStepsAreReadOnlyWhenAReplayNeedsThem() throws Exception {
    GoldenRecord golden = executor.run(reference);
    store.record(golden);
    try (Connection connection = database.dataSource().getConnection()) {
      var statement = connection.createStatement();
      statement.execute("ALTER TABLE golden_records DISABLE TRIGGER golden_records_immutable");
      statement.executeUpdate("UPDATE golden_records SET steps = '[{\"seq\": 0, broken'");
    }
    GoldenRecord stored = store.find(golden.runId()).orElseThrow();

    assertThat(executor.replayAndCompare(reference, stored).divergence()).isEmpty();
    GoldenRecord drifted = renamed(golden, golden.runId(), 1);
    assertThatThrownBy(() -> RecordComparison.firstDivergence(stored, drifted))
        .hasMessageContaining("golden record " + golden.runId())
        .hasMessageContaining("delete it and record it again");
    assertThatThrownBy(stored::stepsJson).hasMessageContaining("not JSON");
  }

  @Test
  void pruneKeepsTheNewestRecordsOfEachWorkflow() throws Exception {
    GoldenRecord base = executor.run(reference);
    for (int i = 0; i < 5; i++) {
      store.record(renamed(base, "run-a-" + i, i));
      store.record(inWorkflow(renamed(base, "run-b-" + i, i), "other"));
    }
    int deleted = store.prune(new GoldenRetention(null, 2, null, null));

    assertThat(deleted).isEqualTo(6);
    assertThat(store.findAll(ids("run-a-", "run-b-")))
        .containsOnlyKeys("run-a-3", "run-a-4", "run-b-3", "run-b-4");
  }

  @Test
  void pruneDropsRecordsOlderThanMaxAgeAndCanStayWithinOneWorkflow() throws Exception {
    GoldenRecord base = executor.run(reference);
    store.record(renamed(base, "run-old", 0));
    store.record(inWorkflow(renamed(base, "run-old-other", 0), "other"));
    Thread.sleep(400);
    store.record(renamed(base, "run-new", 1));

    GoldenRetention referenceOnly =
        new GoldenRetention(Duration.ofMillis(300), null, "default", "reference");
    assertThat(store.prune(referenceOnly)).isEqualTo(1);
    assertThat(store.findAll(List.of("run-old", "run-old-other", "run-new")))
        .containsOnlyKeys("run-old-other", "run-new");
  }

  @Test
  void retentionWithoutABoundIsRefused() {
    assertThatThrownBy(() -> new GoldenRetention(null, null, null, null))
        .hasMessageContaining("give maxAge, maxCount or both");
  }

  private static List<String> ids(String... prefixes) {
    List<String> ids = new ArrayList<>();
    for (String prefix : prefixes) {
      for (int i = 0; i < 5; i++) {
        ids.add(prefix + i);
      }
    }
    return ids;
  }
}
