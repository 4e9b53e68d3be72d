package io.shadowflow.engine.view;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The namespaces that have runs or shadow runs: what a reader's rights are checked against. Runs
 * are read by skipping through their namespace index, one probe a namespace, so a million runs cost
 * what a handful do.
 */
public final class Namespaces {
  private static final String ALL =
      """
      WITH RECURSIVE seen(namespace) AS (
          (SELECT namespace FROM runs ORDER BY namespace LIMIT 1)
          UNION ALL
          SELECT (SELECT r.namespace FROM runs r WHERE r.namespace > seen.namespace
                  ORDER BY r.namespace LIMIT 1)
          FROM seen WHERE seen.namespace IS NOT NULL)
      SELECT namespace FROM seen WHERE namespace IS NOT NULL
      UNION
      SELECT namespace FROM shadow_runs
      """;

  private final DataSource dataSource;

  public Namespaces(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Every namespace with a run or a shadow run, sorted. */
  public Set<String> all() {
    List<String> found =
        new Query(dataSource, "listing namespaces", ALL).list(row -> row.getString(1));
    return new TreeSet<>(found);
  }
}
