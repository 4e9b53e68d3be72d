package io.shadowflow.engine.shadow;

import io.shadowflow.engine.checkpoint.SqlFailures;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.golden.DivergenceReport;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.model.CompiledWorkflow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Shadow results in PostgreSQL. Workers hand results to a buffer; full buffers are written by one
 * writer thread, each as a single multi-row insert in its own transaction (a group commit of a
 * thousand seeds), while the workers go on running.
 */
public final class PostgresShadowResults implements ShadowResults {
  private static final int BATCH = 1_000;
  private static final String REGISTER =
      """
      INSERT INTO shadow_runs (shadow_run_id, namespace, name, workflow_type, definition_hash, mode,
                               seed_from, seed_count, iterations, workers, shard_count)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (shadow_run_id) DO NOTHING
      """;
  private static final String REGISTERED =
      "SELECT namespace, name, definition_hash, mode FROM shadow_runs WHERE shadow_run_id = ?";

  /** Without a cycle given: the one after the last finished cycle, so an unfinished one is done. */
  private static final String NEXT_CYCLE =
      "SELECT coalesce(max(cycle) + 1, 0) FROM shadow_cycles"
          + " WHERE shadow_run_id = ? AND finished_at IS NOT NULL";

  private static final String START_CYCLE =
      """
      INSERT INTO shadow_cycles (shadow_run_id, cycle, seeds, iterations, mismatches,
                                 golden_recorded, started_at)
      VALUES (?, ?, 0, 0, 0, 0, ?)
      ON CONFLICT (shadow_run_id, cycle) DO UPDATE
          SET started_at = least(shadow_cycles.started_at, excluded.started_at)
      """;
  private static final String SEEDS_DONE =
      "SELECT seed FROM shadow_results WHERE shadow_run_id = ? AND cycle = ?";

  /**
   * Stores the results of seeds that have none yet and adds exactly those to the cycle's counters,
   * in one statement: a result written again (a restarted or re-sharded cycle) counts nothing.
   */
  private static final String INSERT_RESULTS =
      """
      WITH stored AS (
          INSERT INTO shadow_results (shadow_run_id, cycle, shard_index, seed, run_id,
                                      expected_hash, actual_hash, iterations, mismatches,
                                      latencies_us)
          SELECT ?, ?, ?, s, r, e, a, i, m, l::integer[]
          FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::integer[], ?::integer[],
                      ?::text[]) AS t(s, r, e, a, i, m, l)
          ON CONFLICT DO NOTHING
          RETURNING iterations, mismatches),
      added AS (
          SELECT count(*) AS seeds, coalesce(sum(iterations), 0) AS iterations,
                 coalesce(sum(mismatches), 0) AS mismatches
          FROM stored)
      UPDATE shadow_cycles c
      SET seeds = c.seeds + added.seeds,
          iterations = c.iterations + added.iterations,
          mismatches = c.mismatches + added.mismatches,
          finished_at = CASE WHEN c.seeds + added.seeds >= r.seed_count AND c.finished_at IS NULL
                             THEN clock_timestamp() ELSE c.finished_at END
      FROM added, shadow_runs r
      WHERE c.shadow_run_id = r.shadow_run_id AND c.shadow_run_id = ? AND c.cycle = ?
      """;

  private static final String INSERT_MISMATCH =
      """
      INSERT INTO shadow_mismatches (shadow_run_id, cycle, shard_index, seed, run_id, check_kind,
                                     iteration, worker, expected_hash, actual_hash,
                                     first_diverging_step, expected, actual, report)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING
      """;
  private static final String ADD_GOLDEN_RECORDED =
      """
      UPDATE shadow_cycles SET golden_recorded = golden_recorded + ?
      WHERE shadow_run_id = ? AND cycle = ?
      """;

  private static final String DELETE = "DELETE FROM shadow_runs WHERE shadow_run_id = ?";

  /**
   * Per-seed results of the cycles older than the newest ones kept; totals stay in shadow_cycles.
   */
  private static final String PRUNE_RESULTS =
      "DELETE FROM shadow_results WHERE shadow_run_id = ? AND cycle <= ?";

  /** Keeps the per-seed results of every cycle. */
  public static final int ALL_CYCLES = Integer.MAX_VALUE;

  private final DataSource dataSource;
  private final int batch;
  private final int keepCycles;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(DaemonThreads.named("shadowflow-shadow-results"));
  private final List<Future<?>> pending = new ArrayList<>();
  private List<Row> buffer;

  /** A result with the cycle it belongs to. */
  private record Row(String shadowRunId, int shardIndex, int cycle, SeedResult result) {}

  public PostgresShadowResults(DataSource dataSource) {
    this(dataSource, BATCH, ALL_CYCLES);
  }

  /** Writes every {@code batch} results; tests use small batches to be killed between writes. */
  PostgresShadowResults(DataSource dataSource, int batch) {
    this(dataSource, batch, ALL_CYCLES);
  }

  private PostgresShadowResults(DataSource dataSource, int batch, int keepCycles) {
    if (keepCycles < 1) {
      throw new IllegalArgumentException("keep the results of at least 1 cycle, got " + keepCycles);
    }
    this.dataSource = dataSource;
    this.batch = batch;
    this.keepCycles = keepCycles;
    this.buffer = new ArrayList<>(batch);
  }

  /**
   * Results that keep the per-seed rows of only the newest {@code keepCycles} cycles of each shadow
   * run: as a cycle finishes, older cycles' rows go (their totals and mismatches stay), so a
   * continuous shadow run's table stays bounded.
   */
  public static PostgresShadowResults keepingCycles(DataSource dataSource, int keepCycles) {
    return new PostgresShadowResults(dataSource, BATCH, keepCycles);
  }

  @Override
  public int open(ShadowPlan plan) {
    CompiledWorkflow workflow = plan.workflow();
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement register = connection.prepareStatement(REGISTER)) {
        register.setString(1, plan.shadowRunId());
        register.setString(2, workflow.namespace());
        register.setString(3, workflow.name());
        register.setString(4, workflow.type());
        register.setString(5, workflow.definitionHash());
        register.setString(6, plan.mode().name());
        register.setLong(7, plan.seeds().from());
        register.setLong(8, plan.seeds().count());
        register.setInt(9, plan.iterations());
        register.setInt(10, plan.workers());
        register.setInt(11, plan.shard().count());
        register.executeUpdate();
      }
      requireSameRun(connection, plan);
      if (plan.firstCycle() != null) {
        return plan.firstCycle();
      }
      try (PreparedStatement next = connection.prepareStatement(NEXT_CYCLE)) {
        next.setString(1, plan.shadowRunId());
        try (ResultSet row = next.executeQuery()) {
          row.next();
          return row.getInt(1);
        }
      }
    } catch (SQLException e) {
      throw SqlFailures.of("registering shadow run " + plan.shadowRunId(), e);
    }
  }

  /** Shards of one shadow run must run one workflow in one mode; another run's id is refused. */
  private static void requireSameRun(Connection connection, ShadowPlan plan) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(REGISTERED)) {
      select.setString(1, plan.shadowRunId());
      try (ResultSet row = select.executeQuery()) {
        row.next();
        CompiledWorkflow workflow = plan.workflow();
        String registered =
            row.getString("namespace")
                + "/"
                + row.getString("name")
                + " definition "
                + row.getString("definition_hash")
                + " mode "
                + row.getString("mode");
        String ours =
            workflow.namespace()
                + "/"
                + workflow.name()
                + " definition "
                + workflow.definitionHash()
                + " mode "
                + plan.mode().name();
        if (!registered.equals(ours)) {
          throw new IllegalArgumentException(
              "shadow run id "
                  + plan.shadowRunId()
                  + " is taken by a shadow run of "
                  + registered
                  + ", not "
                  + ours
                  + "; choose another id");
        }
      }
    }
  }

  @Override
  public Set<Long> cycleStarted(String shadowRunId, int cycle, Instant startedAt) {
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement start = connection.prepareStatement(START_CYCLE)) {
        start.setString(1, shadowRunId);
        start.setInt(2, cycle);
        start.setTimestamp(3, Timestamp.from(startedAt));
        start.executeUpdate();
      }
      Set<Long> done = new HashSet<>();
      try (PreparedStatement select = connection.prepareStatement(SEEDS_DONE)) {
        select.setString(1, shadowRunId);
        select.setInt(2, cycle);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            done.add(row.getLong(1));
          }
        }
      }
      return done;
    } catch (SQLException e) {
      throw SqlFailures.of("starting cycle " + cycle + " of " + shadowRunId, e);
    }
  }

  @Override
  public void add(String shadowRunId, int shardIndex, int cycle, SeedResult result) {
    List<Row> full = null;
    synchronized (this) {
      buffer.add(new Row(shadowRunId, shardIndex, cycle, result));
      if (buffer.size() >= batch) {
        full = buffer;
        buffer = new ArrayList<>(batch);
      }
    }
    if (full != null) {
      submit(full);
    }
  }

  private void submit(List<Row> rows) {
    Future<?> write = writer.submit(() -> write(rows));
    synchronized (pending) {
      pending.add(write);
    }
  }

  @Override
  public void cycleFinished(CycleStats stats) {
    List<Row> rest;
    synchronized (this) {
      rest = buffer;
      buffer = new ArrayList<>(batch);
    }
    if (!rest.isEmpty()) {
      submit(rest);
    }
    awaitWrites();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement add = connection.prepareStatement(ADD_GOLDEN_RECORDED)) {
      add.setLong(1, stats.goldenRecorded());
      add.setString(2, stats.shadowRunId());
      add.setInt(3, stats.cycle());
      add.executeUpdate();
      if (stats.cycle() >= keepCycles) {
        pruneResults(connection, stats.shadowRunId(), stats.cycle() - keepCycles);
      }
    } catch (SQLException e) {
      throw SqlFailures.of("storing cycle " + stats.cycle() + " of " + stats.shadowRunId(), e);
    }
  }

  /** Deletes the per-seed results of the shadow run's cycles up to {@code lastPruned}. */
  private static void pruneResults(Connection connection, String shadowRunId, int lastPruned)
      throws SQLException {
    try (PreparedStatement prune = connection.prepareStatement(PRUNE_RESULTS)) {
      prune.setString(1, shadowRunId);
      prune.setInt(2, lastPruned);
      prune.executeUpdate();
    }
  }

  private void awaitWrites() {
    List<Future<?>> writes;
    synchronized (pending) {
      writes = List.copyOf(pending);
      pending.clear();
    }
    for (Future<?> write : writes) {
      try {
        write.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WorkflowFailure(FailureCode.INTERNAL_ERROR, "interrupted storing results", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof WorkflowFailure failure) {
          throw failure;
        }
        throw new WorkflowFailure(
            FailureCode.INTERNAL_ERROR, "storing shadow results failed: " + e.getCause(), e);
      }
    }
  }

  /** One group commit: the results of up to a batch of seeds, and their mismatches. */
  private void write(List<Row> rows) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      // Rows of one batch may span cycles when a cycle ended mid-buffer: insert per cycle.
      for (List<Row> sameCycle : byCycle(rows)) {
        insertResults(connection, sameCycle);
        insertMismatches(connection, sameCycle);
      }
      connection.commit();
    } catch (SQLException e) {
      throw SqlFailures.of("storing " + rows.size() + " shadow results", e);
    }
  }

  private static List<List<Row>> byCycle(List<Row> rows) {
    List<List<Row>> groups = new ArrayList<>();
    List<Row> group = new ArrayList<>();
    for (Row row : rows) {
      if (!group.isEmpty() && !sameCycle(group.get(0), row)) {
        groups.add(group);
        group = new ArrayList<>();
      }
      group.add(row);
    }
    groups.add(group);
    return groups;
  }

  private static boolean sameCycle(Row a, Row b) {
    return a.cycle() == b.cycle()
        && a.shardIndex() == b.shardIndex()
        && a.shadowRunId().equals(b.shadowRunId());
  }

  private static void insertResults(Connection connection, List<Row> rows) throws SQLException {
    int n = rows.size();
    Long[] seeds = new Long[n];
    String[] runIds = new String[n];
    String[] expected = new String[n];
    String[] actual = new String[n];
    Integer[] iterations = new Integer[n];
    Integer[] mismatches = new Integer[n];
    String[] latencies = new String[n];
    for (int i = 0; i < n; i++) {
      SeedResult r = rows.get(i).result();
      seeds[i] = r.seed();
      runIds[i] = r.runId();
      expected[i] = r.expectedHash();
      actual[i] = r.actualHash();
      iterations[i] = r.iterations();
      mismatches[i] = r.mismatches();
      latencies[i] = arrayLiteral(r.latenciesMicros());
    }
    Row first = rows.get(0);
    // Typed Java arrays go to PostgreSQL in binary form (each seed's latencies stay a literal).
    try (PreparedStatement insert = connection.prepareStatement(INSERT_RESULTS)) {
      insert.setString(1, first.shadowRunId());
      insert.setInt(2, first.cycle());
      insert.setInt(3, first.shardIndex());
      insert.setObject(4, seeds);
      insert.setObject(5, runIds);
      insert.setObject(6, expected);
      insert.setObject(7, actual);
      insert.setObject(8, iterations);
      insert.setObject(9, mismatches);
      insert.setObject(10, latencies);
      insert.setString(11, first.shadowRunId());
      insert.setInt(12, first.cycle());
      insert.executeUpdate();
    }
  }

  /** PostgreSQL's text form of an integer array, {@code {1,2,3}}. */
  private static String arrayLiteral(int[] values) {
    StringBuilder text = new StringBuilder(values.length * 6 + 2).append('{');
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(values[i]);
    }
    return text.append('}').toString();
  }

  private static void insertMismatches(Connection connection, List<Row> rows) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_MISMATCH)) {
      boolean any = false;
      for (Row row : rows) {
        SeedResult r = row.result();
        Mismatch m = r.firstMismatch();
        if (m == null) {
          continue;
        }
        any = true;
        insert.setString(1, row.shadowRunId());
        insert.setInt(2, row.cycle());
        insert.setInt(3, row.shardIndex());
        insert.setLong(4, r.seed());
        insert.setString(5, r.runId());
        insert.setString(6, m.check().name());
        insert.setInt(7, m.iteration());
        insert.setInt(8, m.worker());
        insert.setString(9, r.expectedHash());
        insert.setString(10, r.actualHash());
        insert.setString(11, m.divergence().at());
        insert.setString(12, CanonicalJson.of(m.divergence().expected()));
        insert.setString(13, CanonicalJson.of(m.divergence().actual()));
        insert.setString(14, DivergenceReport.render(m.divergence()));
        insert.addBatch();
      }
      if (any) {
        insert.executeBatch();
      }
    }
  }

  /**
   * Deletes a shadow run's rows: the run, and with it (by cascade) its cycles, results and
   * mismatches. Returns whether there was one.
   */
  public boolean delete(String shadowRunId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete = connection.prepareStatement(DELETE)) {
      delete.setString(1, shadowRunId);
      return delete.executeUpdate() > 0;
    } catch (SQLException e) {
      throw SqlFailures.of("deleting the results of shadow run " + shadowRunId, e);
    }
  }

  @Override
  public ShadowSummary summary(String shadowRunId) {
    try (Connection connection = dataSource.getConnection()) {
      return new ShadowSummaryQuery(connection, shadowRunId).summary();
    } catch (SQLException e) {
      throw SqlFailures.of("summarising shadow run " + shadowRunId, e);
    }
  }

  /** Returns once the results already handed to the writer are stored (or failed). */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
