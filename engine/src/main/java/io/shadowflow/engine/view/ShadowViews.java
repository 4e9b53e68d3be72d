package io.shadowflow.engine.view;

import io.shadowflow.engine.shadow.PostgresShadowResults;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** Reads shadow runs for people looking at them, limited to the namespaces a reader may see. */
public final class ShadowViews {
  /** The most mismatches a shadow run's page lists. */
  public static final int MAX_MISMATCHES = 500;

  private static final String LISTING =
      """
      SELECT s.shadow_run_id, s.namespace, s.name, s.workflow_type, s.mode, s.seed_from,
             s.seed_count, s.iterations, s.workers, s.shard_count, s.created_at,
             count(c.finished_at) AS cycles, coalesce(sum(c.iterations), 0) AS replayed,
             coalesce(sum(c.mismatches), 0) AS mismatches
      FROM shadow_runs s LEFT JOIN shadow_cycles c USING (shadow_run_id)
      WHERE s.namespace = ANY(?) %s
      GROUP BY s.shadow_run_id
      ORDER BY s.created_at DESC, s.shadow_run_id
      LIMIT ?
      """;
  private static final String SEEDS =
      """
      SELECT r.cycle, r.seed, r.shard_index, r.run_id, r.iterations, r.mismatches, m.worker,
             m.first_diverging_step, r.expected_hash, r.actual_hash
      FROM shadow_results r
      LEFT JOIN shadow_mismatches m USING (shadow_run_id, cycle, seed)
      WHERE r.shadow_run_id = ?
        AND r.cycle = (SELECT max(cycle) FROM shadow_results WHERE shadow_run_id = ?)
      ORDER BY r.seed
      LIMIT ?
      """;
  private static final String MISMATCHES =
      """
      SELECT m.cycle, m.seed, m.shard_index, m.run_id, r.iterations, r.mismatches, m.worker,
             m.first_diverging_step, m.expected_hash, m.actual_hash
      FROM shadow_mismatches m
      LEFT JOIN shadow_results r USING (shadow_run_id, cycle, seed)
      WHERE m.shadow_run_id = ?
      ORDER BY m.id DESC
      LIMIT ?
      """;

  private final DataSource dataSource;

  public ShadowViews(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The shadow runs of {@code namespaces}, newest first, at most {@code limit}. */
  public List<ShadowRunListing> list(Set<String> namespaces, int limit) {
    return new Query(dataSource, "listing shadow runs", LISTING.formatted(""), namespaces, limit)
        .list(ShadowViews::listing);
  }

  /**
   * One shadow run with at most {@code maxSeeds} seeds of its latest cycle; empty when it is not in
   * {@code namespaces}.
   */
  public Optional<ShadowRunView> find(String shadowRunId, Set<String> namespaces, int maxSeeds) {
    return new Query(
            dataSource,
            "reading shadow run " + shadowRunId,
            LISTING.formatted("AND s.shadow_run_id = ?"),
            namespaces,
            shadowRunId,
            1)
        .first(ShadowViews::listing)
        .map(
            run -> {
              List<SeedOutcome> seeds =
                  new Query(
                          dataSource,
                          "reading the seeds of " + shadowRunId,
                          SEEDS,
                          shadowRunId,
                          shadowRunId,
                          maxSeeds + 1)
                      .list(ShadowViews::seed);
              List<SeedOutcome> mismatches =
                  new Query(
                          dataSource,
                          "reading the mismatches of " + shadowRunId,
                          MISMATCHES,
                          shadowRunId,
                          MAX_MISMATCHES)
                      .list(ShadowViews::seed);
              return new ShadowRunView(
                  run,
                  new PostgresShadowResults(dataSource).summary(shadowRunId),
                  List.copyOf(seeds.subList(0, Math.min(maxSeeds, seeds.size()))),
                  seeds.size() > maxSeeds,
                  mismatches);
            });
  }

  private static ShadowRunListing listing(ResultSet row) throws SQLException {
    return new ShadowRunListing(
        row.getString("shadow_run_id"),
        row.getString("namespace"),
        row.getString("name"),
        row.getString("workflow_type"),
        row.getString("mode"),
        row.getLong("seed_from"),
        row.getLong("seed_count"),
        row.getInt("iterations"),
        row.getInt("workers"),
        row.getInt("shard_count"),
        Query.instant(row, "created_at"),
        row.getInt("cycles"),
        row.getLong("replayed"),
        row.getLong("mismatches"));
  }

  private static SeedOutcome seed(ResultSet row) throws SQLException {
    return new SeedOutcome(
        row.getInt("cycle"),
        row.getLong("seed"),
        row.getInt("shard_index"),
        row.getString("run_id"),
        row.getInt("iterations"),
        row.getInt("mismatches"),
        Query.integer(row, "worker"),
        row.getString("first_diverging_step"),
        row.getString("expected_hash"),
        row.getString("actual_hash"));
  }
}
